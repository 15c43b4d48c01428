import CLua
import LuaBridgeC

/// Lua code the host itself runs: value rendering for the REPL. Kept in Lua because it is
/// orchestration (walking tables, calling `tostring`), not numeric work.
enum LuaPrelude {
    /// `repr(v)`: strings as they are at top level and quoted inside tables; tables pretty-printed,
    /// sorted, cycles marked, at most `maxDepth` levels; everything else through `tostring`. The chunk also
    /// returns the metatable of the tables the API returns, whose `__tostring` is the same rendering.
    static let repr = #"""
    local maxDepth, width = 3, 72
    local printable = {}
    local function key(k)
      if type(k) == "string" and k:match("^[%a_][%w_]*$") then return k end
      return "[" .. (type(k) == "string" and string.format("%q", k) or tostring(k)) .. "]"
    end
    local function render(v, depth, seen, indent)
      if type(v) == "string" then return depth == 0 and v or string.format("%q", v) end
      local mt = getmetatable(v)
      if type(v) ~= "table" or (mt and mt.__tostring and mt ~= printable) then
        -- an object printing several lines (a table of results) starts on its own line, indented under its key
        local s = tostring(v)
        if depth > 0 and s:find("\n") then return "\n" .. indent .. "  " .. (s:gsub("\n", "\n" .. indent .. "  ")) end
        return s
      end
      if seen[v] then return "<cycle>" end
      if depth >= maxDepth then return "{...}" end
      seen[v] = true
      local n, items, others = rawlen(v), {}, {}
      for i = 1, n do items[#items + 1] = render(rawget(v, i), depth + 1, seen, indent .. "  ") end
      for k in next, v do
        if not (math.type(k) == "integer" and k >= 1 and k <= n) then others[#others + 1] = k end
      end
      table.sort(others, function(a, b)
        if type(a) == type(b) and (type(a) == "number" or type(a) == "string") then return a < b end
        return type(a) < type(b)
      end)
      for _, k in ipairs(others) do
        local shown = render(rawget(v, k), depth + 1, seen, indent .. "  ")
        items[#items + 1] = key(k) .. (shown:sub(1, 1) == "\n" and " =" or " = ") .. shown
      end
      seen[v] = nil
      if #items == 0 then return "{}" end
      local line = "{" .. table.concat(items, ", ") .. "}"
      if #line <= width and not line:find("\n") then return line end
      return "{\n" .. indent .. "  " .. table.concat(items, ",\n" .. indent .. "  ") .. "\n" .. indent .. "}"
    end
    printable.__tostring = function(v) return render(v, 0, {}, "") end
    return function(v) return render(v, 0, {}, "") end, printable
    """#

    static let reprKey = "fairlua.repr"
    /// Registry key of the metatable that makes a returned table print its contents (`call.returnsPrintable`).
    static let printableKey = "fairlua.printable"
}

extension LuaState {
    /// Renders the value at `idx` as the REPL shows it (never raises; a failing `__tostring` is reported).
    public func repr(at idx: Int32) -> String {
        let value = lua_absindex(L, idx)
        guard lua_getfield(L, ls_registryindex(), LuaPrelude.reprKey) == LUA_TFUNCTION else {
            ls_pop(L, 1)
            return stack.typeName(at: value)
        }
        lua_pushvalue(L, value)
        guard ls_pcall_plain(L, 1, 1) == LUA_OK else {
            return "(error rendering \(stack.typeName(at: value)): \(popMessage()))"
        }
        defer { ls_pop(L, 1) }
        return stack.string(at: -1) ?? stack.typeName(at: value)
    }

    /// Loads the prelude once, at state creation: `repr` and the printable-table metatable into the registry.
    func installPrelude() {
        guard (try? load(LuaPrelude.repr, chunkName: "=repr")) != nil, (try? call(nargs: 0, nresults: 2)) != nil else { return }
        lua_setfield(L, ls_registryindex(), LuaPrelude.printableKey)
        lua_setfield(L, ls_registryindex(), LuaPrelude.reprKey)
    }
}
