-- The host itself: require, help, the test helpers, error positions.

test("require 'fairlua' returns the API", function()
  local fl = require("fairlua")
  expect_eq(fl.json, json)
  expect_eq(type(fl.version), "string")
end)

test("errors from Swift functions are catchable and positioned", function()
  local ok, err = pcall(json.decode, "[")
  expect_eq(ok, false)
  expect_eq(err:find("json.decode: unexpected end of input", 1, true) ~= nil, true)
end)

test("expect_near compares numbers and tables within a tolerance", function()
  expect_near(0.1 + 0.2, 0.3, 1e-12)
  expect_near({1, 2.0000001}, {1, 2}, 1e-6)
  expect_error(function() expect_near(1, 2, 0.5) end, "expected 2 within 0.5, got 1")
  expect_near(0/0, 0/0, 0)
end)

test("expect_eq compares tables deeply", function()
  expect_eq({a = {1, 2}}, {a = {1, 2}})
  expect_error(function() expect_eq({1}, {2}) end, "expected {2}, got {1}")
end)

test("help is documented", function()
  expect_eq(type(help), "function")
end)

describe("describe groups tests", function()
  it("runs nested tests", function()
    expect_eq(1 + 1, 2)
  end)
end)
