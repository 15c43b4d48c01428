import CLua
import LuaBridgeC
#if canImport(Glibc)
import Glibc
#endif

/// Runs Lua test files: each file gets a fresh state with `test`/`describe`/`it`, `skip`, `test_data`
/// and the `expect_*` helpers; failures print `FILE:LINE: message`; the closing line is
/// `N passed, N failed` (and `, N skipped` when tests were skipped, each listed with its reason).
public struct LuaTestRunner {
    /// Where tests find data the repository does not bundle, and what to do when it is absent.
    public struct ExternalData: Sendable {
        /// The directory searched by `test_data(name)`.
        public let directory: String
        /// How to provide the data, appended to the skip reason (e.g. "set FAIRLUA_TEST_DATA=DIR").
        public let hint: String
        /// Absent data fails the test instead of skipping it (CI).
        public let required: Bool

        /// External data in `directory`; `required` turns a skip into a failure.
        public init(directory: String, hint: String, required: Bool) {
            self.directory = directory
            self.hint = hint
            self.required = required
        }
    }

    /// The totals of a run.
    public struct Totals: Sendable {
        /// Tests that passed.
        public var passed = 0
        /// Tests (or files) that failed.
        public var failed = 0
        /// Skipped tests as "FILE: name: reason".
        public var skipped: [String] = []
    }

    /// Makes the state a test file runs in (with the whole API and plugins installed).
    let makeState: () throws -> LuaState
    /// Print only failures and the summary.
    let quiet: Bool
    /// Data outside the repository, found by `test_data`.
    let external: ExternalData?

    /// A runner using `makeState` for every file.
    public init(quiet: Bool, external: ExternalData? = nil, makeState: @escaping () throws -> LuaState) {
        self.makeState = makeState
        self.quiet = quiet
        self.external = external
    }

    /// The test files named by `paths`: files as given, directories as their `*_test.lua` files.
    public static func files(for paths: [String]) throws -> [String] {
        try paths.flatMap { path -> [String] in
            if FileSystem.isDirectory(path) { return try FileSystem.files(in: path, suffix: "_test.lua") }
            guard FileSystem.isFile(path) else { throw LuaError.message("no such test file or directory: \(path)") }
            return [path]
        }
    }

    /// Runs every file and returns the totals; prints the skipped tests and the closing line.
    public func run(files: [String]) throws -> Totals {
        var totals = Totals()
        for file in files {
            let result = runFile(file)
            totals.passed += result.passed
            totals.failed += result.failed
            totals.skipped += result.skipped
        }
        for line in totals.skipped { print("skipped: \(line)") }
        print("\(totals.passed) passed, \(totals.failed) failed" + (totals.skipped.isEmpty ? "" : ", \(totals.skipped.count) skipped"))
        Console.flush()
        return totals
    }

    private func runFile(_ file: String) -> Totals {
        if !quiet { print("# \(file)") }
        let state: LuaState
        do { state = try makeState() } catch {
            print("FAIL  \(file)\n      \(error)")
            return Totals(failed: 1)
        }
        defer { state.close() }
        let L = state.L
        do {
            try state.load(LuaTestRunner.harness, chunkName: "=test-harness")
            state.stack.push(file)
            lua_pushboolean(L, quiet ? 1 : 0)
            if let external {
                state.stack.push(external.directory)
                state.stack.push(external.hint)
                lua_pushboolean(L, external.required ? 1 : 0)
            }
            try state.call(nargs: external == nil ? 2 : 5, nresults: 2)   // results table, runchunk function
            do {
                try state.loadFile(file)
            } catch {
                ls_pop(L, 1)                              // runchunk; the results table stays
                print("FAIL  \(file)\n      \(error)")
                var totals = totals(state, file)
                totals.failed += 1
                return totals
            }
            try state.call(nargs: 1, nresults: 0)         // runchunk(chunk) catches the file's errors
            return totals(state, file)
        } catch {
            print("FAIL  \(file)\n      \(error)")
            return Totals(failed: 1)
        }
    }

    /// Reads `passed`, `failed` and the `skipped` list from the results table on top of the stack.
    private func totals(_ state: LuaState, _ file: String) -> Totals {
        let passed = (try? state.stack.rawField(-1, "passed"))?.doubleValue ?? 0
        let failed = (try? state.stack.rawField(-1, "failed"))?.doubleValue ?? 0
        var skipped: [String] = []
        if case .array(let reasons)? = try? state.stack.rawField(-1, "skipped") {
            skipped = reasons.compactMap { $0.stringValue }.map { "\(file): \($0)" }
        }
        return Totals(passed: Int(passed), failed: Int(failed), skipped: skipped)
    }

    /// The harness: installs the globals and returns the results table and a function running a chunk.
    static let harness = #"""
    local file, quiet, data_dir, data_hint, data_required = ...
    local results = {passed = 0, failed = 0, skipped = {}}
    local SKIP = {}                                  -- marks the error raised by skip()
    local names = {}
    local source = "@" .. file

    local function where(level)
      for l = level, 60 do
        local info = debug.getinfo(l, "Sl")
        if not info then return nil end
        if info.source == source and info.currentline > 0 then return info.short_src .. ":" .. info.currentline end
      end
    end

    local function handler(err)
      if type(err) == "table" and err[SKIP] then return err end
      local msg = type(err) == "string" and err or tostring(err)
      local first = msg:match("^[^\n]*")
      if first:find(file, 1, true) == 1 then return msg end
      local at = where(3)
      return at and (at .. ": " .. msg) or msg
    end

    local function fullname(name)
      local parts = {}
      for i = 1, #names do parts[i] = names[i] end
      parts[#parts + 1] = name
      return table.concat(parts, " ")
    end

    local function run(name, fn)
      local ok, err = xpcall(fn, handler)
      if ok then
        results.passed = results.passed + 1
        if not quiet then print("ok    " .. fullname(name)) end
      elseif type(err) == "table" and err[SKIP] then
        results.skipped[#results.skipped + 1] = fullname(name) .. ": " .. err[SKIP]
        if not quiet then print("skip  " .. fullname(name) .. "\n      " .. err[SKIP]) end
      else
        results.failed = results.failed + 1
        print("FAIL  " .. fullname(name) .. "\n      " .. tostring(err))
      end
    end

    function test(name, fn) run(name, fn) end
    -- The path of a new temporary file holding `text`.
    function temp_file(text)
      local path = os.tmpname()
      local f = assert(io.open(path, "wb"))
      f:write(text)
      f:close()
      return path
    end
    -- The bytes of the file at `path`.
    function read_file(path)
      local f = assert(io.open(path, "rb"))
      local bytes = f:read("a")
      f:close()
      return bytes
    end
    -- Ends the running test as skipped, with the reason printed in the summary.
    function skip(reason) error({[SKIP] = tostring(reason)}, 0) end
    -- The path of a data file the repository does not bundle; skips the test when it is absent
    -- (fails it when the runner requires external data, as CI does).
    function test_data(name)
      if not data_dir then skip("needs " .. name .. ": no external test data directory is configured") end
      local path = data_dir .. "/" .. name
      local f = io.open(path, "rb")
      if f then f:close() return path end
      local why = "needs " .. name .. ", not found in " .. data_dir .. ": " .. data_hint
      if data_required then error(why, 2) end
      skip(why)
    end
    it = test
    function describe(name, fn)
      names[#names + 1] = name
      local ok, err = xpcall(fn, handler)
      names[#names] = nil
      if not ok then
        results.failed = results.failed + 1
        print("FAIL  " .. fullname(name) .. "\n      " .. tostring(err))
      end
    end

    local function show(v)
      if type(v) == "string" then return string.format("%q", v) end
      if type(v) ~= "table" then return tostring(v) end
      local parts = {}
      for i = 1, #v do parts[i] = show(v[i]) end
      for k, x in pairs(v) do
        if not (math.type(k) == "integer" and k >= 1 and k <= #v) then parts[#parts + 1] = tostring(k) .. "=" .. show(x) end
      end
      return "{" .. table.concat(parts, ", ") .. "}"
    end

    local function plain(v)
      if type(v) == "userdata" and v.totable then return v:totable() end
      return v
    end

    local function equal(a, b)
      if a == b then return true end
      if type(a) == "number" and type(b) == "number" then return a ~= a and b ~= b end
      if type(a) ~= "table" or type(b) ~= "table" then return false end
      for k, v in pairs(a) do if not equal(v, b[k]) then return false end end
      for k in pairs(b) do if a[k] == nil then return false end end
      return true
    end

    local function near(a, b, tol)
      if type(a) == "number" and type(b) == "number" then
        if a ~= a or b ~= b then return a ~= a and b ~= b end
        return math.abs(a - b) <= tol or a == b
      end
      if type(a) ~= "table" or type(b) ~= "table" or #a ~= #b then return false end
      for k, v in pairs(a) do if not near(v, b[k], tol) then return false end end
      for k in pairs(b) do if a[k] == nil then return false end end
      return true
    end

    function expect_eq(actual, expected, message)
      actual, expected = plain(actual), plain(expected)
      if not equal(actual, expected) then
        error((message and message .. ": " or "") .. "expected " .. show(expected) .. ", got " .. show(actual), 2)
      end
    end

    function expect_near(actual, expected, tol, message)
      tol = tol or 1e-9
      actual, expected = plain(actual), plain(expected)
      if not near(actual, expected, tol) then
        error((message and message .. ": " or "") .. "expected " .. show(expected) .. " within " .. tostring(tol)
              .. ", got " .. show(actual), 2)
      end
    end

    function expect_error(fn, pattern)
      local ok, err = pcall(fn)
      if ok then error("expected an error, but the call succeeded", 2) end
      local text = tostring(err)
      if pattern and not (text:find(pattern) or text:find(pattern, 1, true)) then
        error("expected an error matching " .. string.format("%q", pattern) .. ", got " .. string.format("%q", text), 2)
      end
      return text
    end

    return results, function(chunk)
      local ok, err = xpcall(chunk, handler)
      if not ok then
        results.failed = results.failed + 1
        print("FAIL  " .. file .. " (top level)\n      " .. tostring(err))
      end
    end
    """#
}
