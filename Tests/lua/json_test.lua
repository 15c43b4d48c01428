-- json.encode / json.decode from Lua.

test("encode writes sorted keys and integers", function()
  expect_eq(json.encode({b = 2, a = 1}), '{"a":1,"b":2}')
  expect_eq(json.encode({1, 2, 3}), "[1,2,3]")
  expect_eq(json.encode({}), "{}")
  expect_eq(json.encode("tab\there"), '"tab\\there"')
  expect_eq(json.encode(0.1), "0.1")
end)

test("encode pretty-prints with indent", function()
  expect_eq(json.encode({a = {1, 2}}, {indent = 1}), '{\n "a": [\n  1,\n  2\n ]\n}')
end)

test("decode gives integers, floats, nested tables", function()
  local t = json.decode('{"n": 3, "f": 2.5, "list": [true, null, "x"], "o": {"k": -1e3}}')
  expect_eq(math.type(t.n), "integer")
  expect_eq(t.f, 2.5)
  expect_eq(t.list[1], true)
  expect_eq(t.list[2], nil)
  expect_eq(t.list[3], "x")
  expect_eq(t.o.k, -1000.0)
end)

test("round trip", function()
  local value = {name = "adult", groups = {"Male", "Female"}, rates = {0.31, 0.11}, ok = false}
  expect_eq(json.decode(json.encode(value)), value)
end)

test("malformed text names the byte offset", function()
  expect_error(function() json.decode('{"a" 1}') end, "expected ':' at byte 6")
  expect_error(function() json.decode('[1, 2') end, "at byte 6")
  expect_error(function() json.decode('') end, "unexpected end of input at byte 1")
end)

test("errors carry the script position", function()
  local msg = expect_error(function() json.decode("nope") end)
  expect_eq(msg:match("^[^:]+:%d+:") ~= nil, true, "file:line prefix")
end)

test("bad arguments are reported like lauxlib", function()
  expect_error(function() json.encode({f = print}) end, "bad argument #1 to 'json.encode' (cannot convert a function to data)")
  expect_error(function() json.encode({}, {indent = "x"}) end, "option 'indent': integer expected, got string")
  expect_error(function() json.encode({}, {idnent = 2}) end, "unknown option 'idnent'; valid options: indent")
  expect_error(function() json.decode() end, "bad argument #1 to 'json.decode' (string expected, got no value)")
end)
