-- One line per fixed crash (issue 15): each input gives an error, never a trap.

local function refused(f, pattern) return function() expect_error(f, pattern) end end

test("integers beyond ±2^53 are refused where integers are read", refused(function() tensor.randperm(math.maxinteger) end, "out of range"))
test("tensor{1}:get(math.mininteger)", refused(function() tensor{1}:get(math.mininteger) end, "out of range"))
test("tensor{1}:expand(2^62)", refused(function() tensor{1}:expand(2^62) end, "out of range"))
test("expand checks the target's size", refused(function() tensor{1}:expand(2^40) end, "not enough memory"))
test("tensor.zeros(2^62, 0):sum(2)", refused(function() tensor.zeros(2^62, 0):sum(2) end, "out of range"))
test("an empty tensor with a huge dimension", refused(function() tensor.zeros(2^40, 0) end, "not enough memory"))
test("reshape of an empty tensor to a huge shape", refused(function() tensor.zeros(0):reshape(2^40, 0, 2^30) end, "too many elements"))
test("tensor.randperm(2^40)", refused(function() tensor.randperm(2^40) end, "not enough memory"))
test("tensor{1}:set()", refused(function() tensor{1}:set() end, "bad argument"))
test("NaN and inf as integers", refused(function() tensor.zeros(0/0) end, "no integer representation"))
test("data.load('german'):head(-1) shows no rows", function() expect_eq(pcall(function() data.load("german"):head(-1) end), true) end)
test("ece with an infinite score is inf", function()
  expect_eq(fair.MetricFrame{metrics = {"ece"}, y_true = tensor{1, 0}, y_pred = tensor{1, 0}, y_score = tensor{math.huge, 0}, sensitive = {"a", "b"}}:overall().ece, math.huge)
end)
test("a network that contains itself", refused(function() local s = nn.Sequential() s:add(s) end, "cannot contain itself"))
test("a network with no output per row", refused(function()
  nn.Sequential():add(nn.Flatten()):predict(tensor.zeros(2, 0))
end, "no output per row"))
