-- fair.inproc and fair.sweep on a sample of Adult (kept small: debug builds run the tests).

local train, testset = data.load("adult")
local scale = data.transforms.Standardize():fit(train)
train = scale:transform(train):sample{n = 3000, seed = 1}
testset = scale:transform(testset):sample{n = 3000, seed = 2}

local function gap(model)
  return fair.demographic_parity_difference(testset:labels(), model:predict(testset), testset:sensitive("sex"))
end

test("a larger eta gives the prejudice remover a smaller disparity", function()
  local plain = fair.inproc.PrejudiceRemover{eta = 0, steps = 150}:fit(train)
  local strong = fair.inproc.PrejudiceRemover{eta = 25, steps = 150}:fit(train)
  expect_eq(gap(strong) < gap(plain) / 2, true)
  expect_eq(strong:evaluate(testset).accuracy > 0.75, true)
  expect_error(function() fair.inproc.PrejudiceRemover{eta = -1} end, "eta ≥ 0")
end)

test("FairPenalty trains a network with the penalty", function()
  tensor.seed(1)
  local penalised = fair.inproc.FairPenalty{constraint = "demographic_parity", weight = 50, epochs = 5, seed = 1}:fit(train)
  expect_eq(gap(penalised) < 0.05, true)
  expect_error(function() fair.inproc.FairPenalty{constraint = "parity"} end, "option 'constraint'")
end)

test("sweep: points, Pareto front and plot", function()
  local s = fair.sweep{train = train, test = testset, methods = {"baseline", "reweighing", "disparate_impact_remover", "threshold_optimizer"},
                       grid = {disparate_impact_remover = {0.5, 1}}}
  local points = s:points()
  expect_eq(#points, 5)
  expect_eq(points[1].method, "baseline")
  local front = s:front()
  expect_eq(#front >= 2, true)
  for i = 2, #front do expect_eq(front[i].gap >= front[i - 1].gap and front[i].accuracy >= front[i - 1].accuracy, true) end
  local path = os.tmpname()
  s:plot(path)
  local f = assert(io.open(path, "rb"))
  expect_eq(f:read("a"):find("Pareto front", 1, true) ~= nil, true)
  f:close()
  os.remove(path)
  expect_eq(tostring(s):match("^method"), "method")
  expect_error(function() fair.sweep{train = train, test = testset, methods = {"magic"}} end, "unknown method 'magic'")
end)
