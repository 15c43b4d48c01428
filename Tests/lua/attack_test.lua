-- nn.attack (FGSM, PGD), adversarial training in nn.Trainer and explain.robustness, on bundled Adult.

local train, testset = data.load("adult")
local scale = data.transforms.Standardize():fit(train)
train, testset = scale:transform(train):sample{n = 3000, seed = 1}, scale:transform(testset):sample{n = 2000, seed = 2}

local function network()
  tensor.seed(1)
  return nn.Sequential():add(nn.Dense(32, {activation = "relu"})):add(nn.Dense(1))
end

local function trained(adversarial)
  local net = network()
  nn.Trainer(net, {loss = nn.loss.SigmoidBCE(), optimizer = optim.Adam{lr = 1e-2}, adversarial = adversarial})
    :fit(train, {epochs = 3, batch_size = 128, seed = 1})
  return net
end

test("FGSM on a linear model moves each numeric feature by eps·sign(w), one-hot columns not at all", function()
  local linear = nn.Sequential():add(nn.Dense(1))
  nn.Trainer(linear, {loss = nn.loss.SigmoidBCE(), optimizer = optim.Adam{lr = 1e-2}}):fit(train, {epochs = 1, seed = 1})
  local rows = testset:select{1, 2, 3}
  local x = rows:features()
  local moved = nn.attack.FGSM{eps = 0.25}:perturb(linear, rows) - x
  local w = linear:parameters()["1.Dense.weight"]
  local y = rows:labels()
  local names = testset:feature_names()
  for i = 1, 3 do
    local direction = y:get(i) == 1 and -1 or 1
    for j = 1, #names do
      local expected = names[j]:find("=", 1, true) and 0 or 0.25 * direction * (w:get(j, 1) > 0 and 1 or -1)
      expect_near(moved:get(i, j), expected, 1e-6)
    end
  end
  -- features = "all": each one-hot block moves as a unit to its level of largest direction·w when that beats its own
  local all = nn.attack.FGSM{eps = 0.25, features = "all"}:perturb(linear, rows)
  local switched = 0
  for i = 1, 3 do
    local direction = y:get(i) == 1 and -1 or 1
    local blocks = {}
    for j = 1, #names do
      local column = names[j]:match("^(.-)=")
      if column then blocks[column] = blocks[column] or {}; table.insert(blocks[column], j) end
    end
    for _, block in pairs(blocks) do
      local best, current = block[1], nil
      for _, j in ipairs(block) do
        if direction * w:get(j, 1) > direction * w:get(best, 1) then best = j end
        if x:get(i, j) == 1 then current = j end
      end
      local gain = direction * w:get(best, 1) > (current and direction * w:get(current, 1) or 0)
      local expected = gain and best or current
      if expected ~= current then switched = switched + 1 end
      for _, j in ipairs(block) do expect_eq(all:get(i, j), j == expected and 1 or 0) end
    end
  end
  expect_eq(switched > 0, true)
  local relationship = nn.attack.FGSM{eps = 0.25, columns = {"relationship"}}:perturb(linear, rows) - x
  for j = 1, #names do
    if not names[j]:find("^relationship=") then expect_eq(relationship:abs():max(1):get(j), 0) end
  end
  expect_eq(tostring(nn.attack.PGD{eps = 0.2}), "PGD(eps=0.2, norm=inf, random start, step=0.05, steps=7, numeric columns)")
  expect_eq(tostring(nn.attack.FGSM{columns = {"age", "sex"}}), "FGSM(eps=0.1, norm=inf, columns age, sex)")
end)

test("PGD stays in its ball, is seeded, and lowers accuracy more than FGSM", function()
  local net = trained(nil)
  local x = testset:features()
  local pgd = nn.attack.PGD{eps = 0.1, steps = 7, seed = 3}
  local a, b = pgd:perturb(net, testset), pgd:perturb(net, testset)
  expect_eq((a - b):abs():max():item(), 0)
  expect_eq((a - x):abs():max():item() <= 0.1 + 1e-6, true)
  local l2 = nn.attack.PGD{eps = 0.5, norm = "2", steps = 5}:perturb(net, testset) - x
  expect_eq(((l2 * l2):sum(2):sqrt():max():item()) <= 0.5 + 1e-5, true)
  local fgsm = explain.robustness(net, testset, {attack = nn.attack.FGSM{eps = 0.1}})
  local strong = explain.robustness(net, testset, {attack = pgd})
  expect_eq(strong.clean.accuracy > 0.8, true)
  expect_eq(strong.adversarial.accuracy < strong.clean.accuracy - 0.02, true)
  expect_eq(strong.adversarial.accuracy <= fgsm.adversarial.accuracy + 0.005, true)
  expect_near(strong.clean.accuracy, fgsm.clean.accuracy, 0)
  expect_eq(strong.by_group.Female.clean.count + strong.by_group.Male.clean.count, #testset)
  expect_eq(strong.loses_most == "Female" or strong.loses_most == "Male", true)
  expect_eq(strong.changed > 0, true)
  expect_eq(type(strong.demographic_parity_difference.adversarial), "number")
  -- The result prints itself and writes its report (as report.html does).
  expect_eq(tostring(strong):match("^Robustness to PGD") ~= nil, true)
  expect_eq(tostring(strong):find("overall", 1, true) ~= nil, true)
  expect_eq(strong:result().changed, strong.changed)
  local path = os.tmpname() .. ".html"
  strong:html(path)
  local f = assert(io.open(path, "rb"))
  local html = f:read("a")
  f:close()
  expect_eq(html:find("Accuracy by group, clean and under attack", 1, true) ~= nil, true)
  report.html(strong, path)
  os.remove(path)
end)

test("adversarial training raises robust accuracy", function()
  local pgd = nn.attack.PGD{eps = 0.1, steps = 5, seed = 1}
  local plain = explain.robustness(trained(nil), testset, {attack = pgd})
  local robust = explain.robustness(trained({attack = pgd, ratio = 0.5}), testset, {attack = pgd})
  expect_eq(robust.adversarial.accuracy > plain.adversarial.accuracy, true)
  expect_eq(robust.clean.accuracy > 0.8, true)
end)

test("adversarial training as a mitigation: fair.mitigate, fair.inproc.AdversarialTraining, fair.sweep over eps", function()
  local pgd = nn.attack.PGD{eps = 0.2, seed = 1}
  local function fit(ds)
    local net = network()
    nn.Trainer(net, {loss = nn.loss.SigmoidBCE(), optimizer = optim.Adam{lr = 1e-2}}):fit(ds, {epochs = 3, batch_size = 128, seed = 1})
    return net
  end
  local plain = fit(train)
  local r = fair.mitigate(plain, train, testset, {method = "adversarial_training", model = network(), eps = 0.2, epochs = 3, batch_size = 128, seed = 1, fit = fit})
  expect_eq(r:method(), "adversarial_training")
  local before, after = explain.robustness(plain, testset, {attack = pgd}), explain.robustness(r:model(), testset, {attack = pgd})
  expect_eq(after.adversarial.accuracy > before.adversarial.accuracy, true)
  -- The fitted in-processor is a model too: it is attacked, audited and saved as its network.
  local m = fair.inproc.AdversarialTraining{model = network(), eps = 0.2, epochs = 3, batch_size = 128, seed = 1}:fit(train)
  expect_near(explain.robustness(m, testset, {attack = pgd}).adversarial.accuracy, after.adversarial.accuracy, 1e-12)
  expect_eq(tostring(r:model()):find("AdversarialTraining(PGD(eps=0.2", 1, true) ~= nil, true)
  local s = fair.sweep{train = train, test = testset, methods = {"adversarial_training"}, grid = {adversarial_training = {0.05, 0.2}}}
  expect_eq(#s:points(), 2)
  expect_eq(s:points()[2].parameter, "eps")
  expect_error(function() fair.inproc.AdversarialTraining{ratio = 2} end, "ratio")
end)

test("bad arguments are errors, not crashes", function()
  expect_error(function() nn.attack.PGD{eps = -1} end, "eps must be")
  expect_error(function() nn.attack.PGD{steps = 2^53} end, "steps")
  expect_error(function() nn.attack.PGD{norm = "1"} end, "option 'norm'")
  expect_error(function() nn.attack.FGSM{features = "some"} end, "option 'features'")
  expect_error(function() nn.attack.FGSM{features = "all", columns = {"age"}} end, "give one")
  expect_error(function() nn.attack.FGSM{columns = {"nope"}}:perturb(network(), testset) end, "not a feature")
  expect_error(function() nn.attack.FGSM{mask = tensor.ones(3)}:perturb(network(), testset) end, "mask of 3")
  expect_error(function() nn.attack.FGSM{mask = tensor.ones(2) * 0.5} end, "0 or 1")
  expect_error(function() nn.attack.FGSM{step = 1} end, "unknown option 'step'")
  expect_error(function() nn.attack.FGSM{eps = 0 / 0} end, "eps must be")
  expect_error(function() nn.attack.FGSM{}:perturb(42, testset) end, "Sequential")
  expect_error(function() explain.robustness(network(), testset, {}) end, "option 'attack'")
  expect_error(function() explain.robustness(nn.LogisticRegression():fit(train), testset, {attack = nn.attack.FGSM{}}) end, "must be a network")
  expect_error(function() nn.Trainer(network(), {loss = nn.loss.SigmoidBCE(), optimizer = optim.Adam{}, adversarial = {ratio = 2}}) end, "adversarial")
  expect_error(function() nn.Trainer(network(), {loss = nn.loss.SigmoidBCE(), optimizer = optim.Adam{}, adversarial = {attack = nn.attack.FGSM{}, ratio = 2}}) end, "ratio")
end)
