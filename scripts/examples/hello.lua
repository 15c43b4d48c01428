-- The host at work: Lua orchestrates, Swift does the work, errors are values you can catch.
-- Run: fairlua scripts/examples/hello.lua

local results = {
  dataset = "adult",
  groups = {"Female", "Male"},
  selection_rate = {0.109, 0.313},
}
results.difference = results.selection_rate[2] - results.selection_rate[1]

print("FairLua " .. require("fairlua").version .. " on " .. _VERSION)
print(json.encode(results, {indent = 2}))

local ok, err = pcall(json.decode, '{"broken": ')
print("a malformed file is an error you can handle: " .. tostring(err))
