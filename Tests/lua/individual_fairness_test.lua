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

test("flip consistency: spouse (Husband <-> Wife) and gender/race flips", function()
  local spouse = {columns = "relationship", swap = {"Husband", "Wife"}}
  local lr = nn.LogisticRegression():fit(train)
  local c = fair.flip_consistency(lr, testset, spouse)
  expect_eq(c > 0.5 and c < 1, true)                        -- the model reads relationship: some decisions flip
  expect_eq(fair.flip_consistency(lr, testset), 1)         -- sex and race are not its features
  expect_near(fair.flip_consistency(lr, testset, {columns = {"relationship"}}), 1 - fair.counterfactual_flip_rate(lr, testset, "relationship"), 1e-12)
  tensor.seed(1)
  local sensei = fair.inproc.SenSeI(with{rho = 5, eps = 0.01}):fit(train)
  local c = fair.flip_consistency(sensei, testset, spouse)
  expect_eq(c > 0.9 and c <= 1, true)
  expect_error(function() fair.flip_consistency(lr, testset, {columns = "relationship", swap = {"Husband"}}) end, "two levels")
  expect_error(function() fair.flip_consistency(lr, testset, {columns = "relationship", swap = {"Husband", "Uncle"}}) end, "levels are")
  expect_error(function() fair.flip_consistency(lr, testset, {columns = {"nope"}}) end, "nope")
  expect_error(function() fair.flip_consistency(lr, testset, {columns = {"occupation", "native-country", "education"}}) end, "combinations")
end)

-- AIF360 0.6.1 (aif360.sklearn.inprocessing, wrapping inFairness) with the same settings on its own samples of the same
-- files (Tests/reference/generate_individual_fairness.py), means over the sampling seeds 1, 2, 3: accuracy agrees
-- within 0.01 for the three models (measured 0.835 / 0.835 / 0.835 against 0.835 / 0.836 / 0.830) and spouse
-- consistency within 0.03. Regressions: SenSR's first auditor step wrote the summed loss's gradient into the weights
-- the lazily built network created (0.777), and SenSeI's d_y was twice inFairness's (0.804).
-- Both raise spouse consistency over the plain network's, the papers' qualitative result on Adult.
test("SenSeI and SenSR against AIF360 0.6.1 on Adult: accuracy and spouse consistency", function()
  local ref = json.decode(read_file("Tests/reference/individual_fairness_reference.json"))
  local full, fulltest = data.load("adult")
  local standardize = data.transforms.Standardize():fit(full)
  full, fulltest = standardize:transform(full), standardize:transform(fulltest)
  local spouse = {columns = "relationship", swap = {"Husband", "Wife"}}
  local methods = {plain = {fair.inproc.SenSeI, {rho = 0, eps = 0.01}}, sensei = {fair.inproc.SenSeI, {rho = 5, eps = 0.01}},
                   sensr = {fair.inproc.SenSR, {eps = 0.05}}}
  local mean = {}
  for name, m in pairs(methods) do
    local accuracy, consistency = 0, 0
    for _, seed in ipairs(ref.seeds) do
      local tr, te = full:sample{n = 2000, seed = seed}, fulltest:sample{n = 1000, seed = seed}
      local options = {model = small(), epochs = 3, batch_size = 200, lr = 1e-2, auditor_nsteps = 10, auditor_lr = 0.05, seed = seed}
      for k, v in pairs(m[2]) do options[k] = v end
      tensor.seed(seed)
      local model = m[1](options):fit(tr)
      accuracy = accuracy + model:evaluate(te).accuracy / #ref.seeds
      consistency = consistency + fair.flip_consistency(model, te, spouse) / #ref.seeds
    end
    mean[name] = {accuracy = accuracy, consistency = consistency}
    expect_near(accuracy, ref[name].accuracy, 0.01)
    expect_near(consistency, ref[name].spouse_consistency, 0.03)
  end
  for _, name in ipairs{"sensei", "sensr"} do
    expect_eq(mean[name].consistency > mean.plain.consistency, true)
    expect_eq(mean[name].accuracy > mean.plain.accuracy - 0.01, true)
  end
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

test("mitigate and sweep measure subspace consistency: by default for sensei and sensr, or when asked", function()
  local m = nn.LogisticRegression():fit(train)
  local function consistency(r)
    for _, row in ipairs(r:table()) do if row.measure == "subspace consistency" then return row end end
  end
  local r = fair.mitigate(m, train, testset, {method = "reweighing", consistency = true})
  expect_near(consistency(r).before, fair.subspace_consistency(m, testset), 1e-12)
  expect_near(consistency(r).after, fair.subspace_consistency(r:model(), testset), 1e-12)
  expect_eq(consistency(fair.mitigate(m, train, testset, {method = "reweighing"})), nil)
  expect_eq(tostring(fair.mitigate(m, train, testset, {method = "sensei", epochs = 1, auditor_nsteps = 5, batch_size = 500})):find("subspace consistency", 1, true) ~= nil, true)
  local s = fair.sweep{train = train, test = testset, methods = {"baseline", "reweighing"}, consistency = true}
  expect_near(s:points()[1].consistency, fair.subspace_consistency(m, testset), 1e-12)
  expect_near(s:points()[2].consistency, consistency(r).after, 1e-12)
  expect_error(function() fair.mitigate(m, train, testset, {method = "reweighing", consistency = "yes"}) end, "consistency")
  -- The sweep fixes a method's other options; its swept one stays the grid's.
  local fixed = fair.sweep{train = train, test = testset, methods = {"sensr"}, grid = {sensr = {0.05}},
                           options = {sensr = {epochs = 1, auditor_nsteps = 5, batch_size = 500}}}
  expect_eq(#fixed:points(), 1)
  expect_error(function() fair.sweep{train = train, test = testset, methods = {"sensr"}, options = {sensr = {epoch = 1}}} end, "option 'options.sensr': unknown option 'epoch'")
  expect_error(function() fair.sweep{train = train, test = testset, methods = {"sensr"}, options = {sensr = {eps = 1}}} end, "is the swept option")
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
