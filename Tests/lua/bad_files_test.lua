-- The bad-file corpus (Tests/fixtures/bad, made by its generate.py) through every loader: each file is an
-- error that names it, never a crash, a hang or a silent acceptance. Run from the repository root.

local root = "Tests/fixtures/bad/"
local loaders = {
  csv = function(path) return data.csv(path) end,
  images = function(path) return data.ImageFolderDataset(path) end,
  audit_state = function(path) return fair.audit_state(path) end,
  json = function(path)
    local f = assert(io.open(path, "rb"))
    local text = f:read("a")
    f:close()
    return json.decode(text)
  end,
}

for line in io.lines(root .. "index.txt") do
  local kind, name = line:match("^(%S+) (%S+)$")
  test("bad " .. name, function()
    local ok, err = pcall(loaders[kind], root .. name)
    expect_eq(ok, false, "accepted " .. name)
    if kind ~= "json" then                        -- json.decode reads a string, not a file
      expect_eq(tostring(err):find(name, 1, true) ~= nil, true, "the error names the file: " .. tostring(err))
    end
  end)
end
