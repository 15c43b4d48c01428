-- Creates and drops many objects and errors; run under valgrind (see README, Development).
for i = 1, 20000 do
  local t = json.decode(json.encode({i, "x", {a = i}}))
  local ok = pcall(json.decode, "[1,")
  local ok2 = pcall(json.encode, {f = print})
end
