-- fair.inproc.SenSR / SenSeI (individual fairness), fair.subspace_consistency and fair.mitigate with them.

local train, testset = data.load("adult")
local scale = data.transforms.Standardize():fit(train)
train, testset = scale:transform(train):sample{n = 2000, seed = 1}, scale:transform(testset):sample{n = 1000, seed = 2}

local function small() return nn.Sequential():add(nn.Dense(32, {activation = "relu"})):add(nn.Dense(1)) end
local settings = {epochs = 3, batch_size = 200, lr = 1e-2, auditor_nsteps = 10, auditor_lr = 0.05, seed = 1}
local function with(extra)
  local t = {model = small()}
  for k, v in pairs(settings) do t[k] = v end
  for k, v in pairs(extra) do t[k] = v end
  return t
end

test("SenSeI raises consistency along the sensitive subspace for a few points of accuracy", function()
  tensor.seed(1)
  local plain = fair.inproc.SenSeI(with{rho = 0}):fit(train)
  tensor.seed(1)
  local fair_ = fair.inproc.SenSeI(with{rho = 5, eps = 0.01}):fit(train)
  local before = fair.subspace_consistency(plain, testset)
  local after = fair.subspace_consistency(fair_, testset)
  expect_eq(after > before, true)
  expect_eq(fair_:evaluate(testset).accuracy > plain:evaluate(testset).accuracy - 0.05, true)
  expect_eq(tostring(fair_):find("SenSeI", 1, true) ~= nil, true)
end)

test("SenSR trains, and SenSeI runs through fair.mitigate", function()
  tensor.seed(1)
  local sensr = fair.inproc.SenSR(with{eps = 0.05}):fit(train)
  expect_eq(sensr:evaluate(testset).accuracy > 0.75, true)
  local c = fair.subspace_consistency(sensr, testset, {radius = 0.5, steps = 2})
  expect_eq(c >= 0 and c <= 1, true)
  local m = nn.LogisticRegression():fit(train)
  local r = fair.mitigate(m, train, testset, {method = "sensei", rho = 5, epochs = 1, auditor_nsteps = 5, batch_size = 500})
  expect_eq(tostring(r):find("sensei", 1, true) ~= nil or tostring(r):find("SenSeI", 1, true) ~= nil, true)
end)

test("bad options are errors, not crashes", function()
  expect_error(function() fair.inproc.SenSeI{eps = 0} end, "eps")
  expect_error(function() fair.inproc.SenSeI{rho = 0 / 0} end, "rho")
  expect_error(function() fair.inproc.SenSR{auditor_nsteps = 2^53} end, "auditor_nsteps")
  expect_error(function() fair.inproc.SenSR{lr = -1} end, "lr")
  expect_error(function() fair.inproc.SenSR{epochs = 0} end, "epochs")
  expect_error(function() fair.subspace_consistency(nn.LogisticRegression():fit(train), testset, {radius = -1}) end, "radius")
  expect_error(function() fair.subspace_consistency(nn.LogisticRegression():fit(train), testset, {steps = 2^53}) end, "steps")
end)
