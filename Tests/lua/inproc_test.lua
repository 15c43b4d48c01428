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

test("ExponentiatedGradient meets demographic parity with a seeded randomised predict", function()
  local eg = fair.inproc.ExponentiatedGradient{estimator = nn.LogisticRegression(), constraint = "demographic_parity", eps = 0.01, seed = 5}
  expect_eq(eg:fit(train), eg)
  local plain = nn.LogisticRegression():fit(train)
  local base_gap = fair.demographic_parity_difference(testset:labels(), plain:predict(testset), testset:sensitive("sex"))
  local p = eg:predict_proba(testset)
  expect_eq(#p, #testset)
  local a, b = eg:predict(testset, {seed = 3}), eg:predict(testset, {seed = 3})
  expect_eq((a - b):abs():sum():item(), 0)
  expect_eq(gap(eg) < base_gap / 2, true)
  expect_eq(eg:predictors() >= 2 and #eg:weights() == eg:predictors() and #eg:lambdas() == eg:predictors(), true)
  local total = 0
  for _, w in ipairs(eg:weights()) do total = total + w end
  expect_near(total, 1, 1e-9)
  expect_eq(eg:lambdas()[1]["+,all,Female"] ~= nil, true)
  expect_eq(eg:best_gap() < 0.01, true)
  -- X, y and sensitive given separately
  local eo = fair.inproc.ExponentiatedGradient{constraint = "equalized_odds", eps = 0.02}:fit(train:features(), train:labels(), train:sensitive("sex"))
  expect_eq(eo:predictors() >= 1, true)
end)

test("GridSearch keeps the best trade-off of its grid", function()
  local gs = fair.inproc.GridSearch{constraint = "demographic_parity", grid_size = 10}:fit(train)
  expect_eq(gs:predictors(), 10)
  local ones = 0
  for _, w in ipairs(gs:weights()) do ones = ones + w end
  expect_eq(ones, 1)
  expect_eq(#gs:lambdas(), 10)
  expect_eq(gap(gs) < 0.1, true)
  expect_eq(tostring(gs):find("GridSearch", 1, true) ~= nil, true)
end)

test("reductions refuse bad input by name", function()
  expect_error(function() fair.inproc.ExponentiatedGradient{eps = 0} end, "eps must be positive")
  expect_error(function() fair.inproc.ExponentiatedGradient{constraint = "parity"} end, "constraints: demographic_parity, equalized_odds")
  expect_error(function() fair.inproc.ExponentiatedGradient{epsilon = 0.1} end, "valid options: batch_size, constraint, epochs, eps")
  expect_error(function() fair.inproc.GridSearch{grid_size = 0} end, "grid_size must be in 1...10000, got 0")
  expect_error(function() fair.inproc.GridSearch{eps = 0.1} end, "unknown option 'eps'")
  expect_error(function() fair.inproc.GridSearch{estimator = fair.inproc.PrejudiceRemover{}} end, "cannot take sample weights")
  expect_error(function() fair.inproc.ExponentiatedGradient{constraint = "bounded_group_loss"} end, "upper_bound")
  -- TPR parity needs positives in every group
  local x = tensor.rand({6, 2})
  local y = tensor({0, 0, 0, 1, 0, 1})
  local s = {"a", "a", "a", "b", "b", "b"}
  expect_error(function() fair.inproc.ExponentiatedGradient{constraint = "true_positive_rate_parity"}:fit(x, y, s) end, "group 'a' has none")
  expect_error(function() fair.inproc.ExponentiatedGradient{}:predict(x) end, "call fit first")
end)

test("fair.mitigate and fair.sweep accept the reductions", function()
  local model = nn.LogisticRegression():fit(train)
  local c = fair.mitigate(model, train, testset, {method = "exponentiated_gradient", eps = 0.01})
  expect_eq(math.abs(c:after():difference().selection_rate) < math.abs(c:before():difference().selection_rate), true)
  local g = fair.mitigate(model, train, testset, {method = "grid_search", grid_size = 10})
  expect_eq(g:after() ~= nil, true)
  local s = fair.sweep{train = train, test = testset, methods = {"baseline", "exponentiated_gradient"}, grid = {exponentiated_gradient = {0.01, 0.05}}}
  expect_eq(#s:points(), 3)
  expect_eq(s:points()[2].parameter, "eps")
end)

test("AdversarialDebiasing: options, seeded training, errors", function()
  local train = data.load("adult")
  train = data.transforms.Standardize():fit(train):transform(train):select((function() local r = {} for i = 1, 600 do r[i] = i end return r end)())
  local function fit() return fair.inproc.AdversarialDebiasing{epochs = 2, batch_size = 64, seed = 3}:fit(train) end
  local a, b = fit(), fit()
  expect_eq(a:predict_proba(train):sum():item(), b:predict_proba(train):sum():item())
  expect_eq(#a:history(), 2)
  assert(a:history()[1].adversary_loss > 0)
  local plain = fair.inproc.AdversarialDebiasing{epochs = 1, debias = false, include_sensitive = true}:fit(train)
  expect_eq(#plain:predict(train), 600)
  expect_error(function() fair.inproc.AdversarialDebiasing{constraint = "parity"} end, "unknown constraint 'parity'; constraints: demographic_parity, equalized_odds")
  expect_error(function() fair.inproc.AdversarialDebiasing{adversary_loss_weight = -1} end, "adversary_loss_weight must be ≥ 0")
  expect_error(function() fair.inproc.AdversarialDebiasing{epoch = 3} end, "epoch")
end)

test("fair.mitigate trains the in-processing methods by name", function()
  local german = data.load("german")
  german = data.transforms.Standardize():fit(german):transform(german)
  local train, test = german:split{ratio = 0.7, seed = 1}
  local lr = nn.LogisticRegression{}:fit(train)
  for _, method in ipairs{"prejudice_remover", "fair_penalty", "min_diff", "adversarial_debiasing"} do
    local c = fair.mitigate(lr, train, test, {method = method, epochs = 2, seed = 1})
    expect_eq(c:method(), method)
    expect_eq(c:after():overall().accuracy > 0.5, true)
  end
  expect_error(function() fair.mitigate(lr, train, test, {}) end, "adversarial_debiasing")
end)

test("the reductions refit a network with the rows' weights", function()
  local train = data.load("adult")
  train = data.transforms.Standardize():fit(train):transform(train)
  local rows = {}
  for i = 1, 2000 do rows[i] = i end
  train = train:select(rows)
  local net = nn.Sequential{nn.Dense(8, {activation = "relu"}), nn.Dense(1)}
  local gs = fair.inproc.GridSearch{estimator = net, grid_size = 3, epochs = 2, seed = 1}:fit(train)
  expect_eq(gs:predictors(), 3)
  local p = gs:predict_proba(train)
  expect_eq(#p, 2000)
  local again = fair.inproc.GridSearch{estimator = net, grid_size = 3, epochs = 2, seed = 1}:fit(train)
  expect_eq(again:predict_proba(train):sum():item(), p:sum():item())
  -- The template itself is never trained.
  expect_eq(next(net:parameters()), nil)
end)

test("MinDiff on Adult: the FPR gap shrinks for at most 2 points of accuracy; nn.loss.MinDiff trains a network", function()
  local train, held_out = data.load("adult")
  local scale = data.transforms.Standardize():fit(train)
  train, held_out = scale:transform(train), scale:transform(held_out)
  local lr = nn.LogisticRegression{}:fit(train)
  local c = fair.mitigate(lr, train, held_out, {method = "min_diff", weight = 5, epochs = 5, seed = 1, metrics = {"accuracy", "fpr"}})
  local r = {}
  for _, row in ipairs(c:table()) do r[row.measure] = row end
  expect_near(r["fpr difference"].before, 0.0765, 5e-4)
  expect_eq(r["fpr difference"].after < 0.02, true)
  expect_eq(r.accuracy.before - r.accuracy.after < 0.02, true)
  expect_eq(tostring(nn.loss.MinDiff{}), "MinDiff gaussian, length 0.1, weight 1.5, negatives")
  tensor.seed(3)
  local net = nn.Sequential{nn.Dense(1)}
  local trainer = nn.Trainer(net, {loss = nn.loss.SigmoidBCE(), optimizer = optim.Adam{lr = 1e-2}, penalties = {nn.loss.MinDiff{weight = 5}}})
  trainer:fit(train, {epochs = 2, batch_size = 256, seed = 1})
  local f = fair.MetricFrame{metrics = {"fpr"}, y_true = held_out:labels(), y_pred = net:predict(held_out), sensitive = held_out:sensitive()}
  expect_eq(f:difference().fpr < 0.03, true)
  expect_error(function() nn.loss.MinDiff{kernel = "cosine"} end, "kernels: gaussian, laplacian")
  expect_error(function() nn.loss.MinDiff{length = 0} end, "length must be a finite number > 0")
  expect_eq(#fair.sweep{model = lr, train = train, test = held_out, methods = {"min_diff"}, grid = {min_diff = {0, 5}}}:points(), 2)
end)

test("in-processors save (networks as their network, the prejudice remover as its weights): nn.load predicts what they predicted", function()
  local german = data.load("german")
  german = data.transforms.Standardize():fit(german):transform(german)
  local train, held_out = german:split{ratio = 0.7, seed = 1}
  for _, m in ipairs{fair.inproc.MinDiff{epochs = 2, seed = 1}, fair.inproc.FairPenalty{epochs = 2, seed = 1},
                     fair.inproc.AdversarialDebiasing{epochs = 2, seed = 1}, fair.inproc.SenSeI{epochs = 1, seed = 1},
                     fair.inproc.SenSR{epochs = 1, seed = 1}, fair.inproc.PrejudiceRemover{eta = 5, steps = 50}} do
    m:fit(train)
    local path = os.tmpname()
    m:save(path)
    local loaded = nn.load(path)
    expect_eq(loaded:predict_proba(held_out):totable(), m:predict_proba(held_out):totable())
    expect_eq(loaded:predict(held_out):totable(), m:predict(held_out):totable())
    os.remove(path)
  end
  local path = os.tmpname()
  expect_error(function() fair.inproc.PrejudiceRemover{}:save(path) end, "not fitted")
  os.remove(path)
end)

test("FairRegression narrows the groups' distributions of predicted hours, and saves", function()
  local train, test = data.load("adult")
  local function x(ds) return tensor.stack({ds:column("age") / 100, ds:column("education-num") / 16, ds:column("sex"):codes()}, 2) end
  local fit = function(eps) return fair.inproc.FairRegression{eps = eps}:fit(x(train), train:column("hours-per-week"), train:sensitive("sex")) end
  local function ks(m)
    return fair.regression{y_true = test:column("hours-per-week"), y_pred = m:sample(x(test), {seed = 1}), sensitive = test:sensitive("sex")}:result().ks
  end
  local loose, fair_model = fit(1), fit(0.02)
  expect_eq(ks(loose) > 0.15, true)   -- 0.19; constrained 0.033
  expect_eq(ks(fair_model) < ks(loose) / 3, true)
  local path = os.tmpname()
  fair_model:save(path)
  expect_eq(nn.load(path):predict_proba(x(test)):totable(), fair_model:predict_proba(x(test)):totable())
  os.remove(path)
  expect_error(function() fair.inproc.FairRegression{eps = 0} end, "eps must be in (0, 1]")
  expect_error(function() fair.inproc.PrejudiceRemover{}:sample(x(test)) end, "only FairRegression samples")
end)
