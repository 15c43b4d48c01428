-- fair.pre, fair.post and fair.mitigate from Lua.

local train, testset = data.load("adult")
local scale = data.transforms.Standardize():fit(train)
train, testset = scale:transform(train), scale:transform(testset)
local model = nn.LogisticRegression():fit(train)
local ref = json.decode((function()
  local f = assert(io.open("Tests/reference/mitigation_reference.json", "rb"))
  local text = f:read("a")
  f:close()
  return text
end)())

test("Reweighing gives AIF360's weights and a weighted dataset", function()
  local rw = fair.pre.Reweighing{sensitive = {"sex"}}:fit(train)
  local w = rw:weights()
  expect_near(w.Male[2], ref.reweighing.Male[2], 1e-12)
  expect_near(w.Female[1], ref.reweighing.Female[1], 1e-12)
  local weighted = rw:transform(train)
  expect_eq(#weighted, #train)
  expect_eq(train:weights(), nil)
  local sw = weighted:weights()
  expect_eq(#sw, #train)
  -- Reweighing keeps the total weight: Σ w = n.
  expect_near(sw:sum():item(), #train, 1e-2)
end)

test("ThresholdOptimizer equalises selection rates", function()
  local to = fair.post.ThresholdOptimizer{constraint = "demographic_parity"}
  to:fit(model:predict_proba(train), train:labels(), train:sensitive("sex"))
  local p = to:predict_proba(model:predict_proba(testset), testset:sensitive("sex"))
  local mf = fair.MetricFrame{metrics = "mean_prediction", y_true = testset:labels(), y_pred = p, sensitive = testset:sensitive("sex")}
  expect_eq(mf:difference().mean_prediction < 0.02, true)
  expect_error(function() fair.post.ThresholdOptimizer{constraint = "fairness"} end, "unknown constraint 'fairness'")
end)

test("mitigate compares before and after", function()
  for _, method in ipairs{"reweighing", "threshold_optimizer"} do
    local r = fair.mitigate(model, train, testset, {method = method, seed = 1})
    local before, after = r:before():difference().selection_rate, r:after():difference().selection_rate
    expect_eq(after < before / 1.5, true)
    expect_eq(r:accuracy_cost() < 0.03, true)
    expect_eq(#r:table(), 8)
  end
  expect_error(function() fair.mitigate(model, train, testset, {method = "magic"}) end, "unknown method 'magic'")
  local net = nn.Sequential{nn.Dense(1)}
  nn.Trainer(net, {loss = nn.loss.SigmoidBCE(), optimizer = optim.Adam{lr = 1e-2}}):fit(train, {epochs = 1, batch_size = 1024})
  expect_error(function() fair.mitigate(net, train, testset, {method = "reweighing"}) end, "fit = function")
end)

test("mitigate hands back the mitigated model: it decides the test rows as the comparison did, and saves", function()
  for _, method in ipairs{"reweighing", "threshold_optimizer", "constrained_thresholds", "exponentiated_gradient"} do
    local r = fair.mitigate(model, train, testset, {method = method, seed = 1})
    local m = r:model()
    expect_eq(m:predict(testset, {seed = 1}):totable(), r:decisions():totable())
    local path = os.tmpname()
    m:save(path)
    expect_eq(nn.load(path):predict(testset, {seed = 1}):totable(), r:decisions():totable())
    os.remove(path)
  end
  -- Inferred groups: the model reads the features only, and saves with its group classifier.
  local inferred = fair.mitigate(model, train, testset, {method = "constrained_thresholds", inferred = true, tolerance = 0.02})
  local path = os.tmpname()
  inferred:model():save(path)
  expect_eq(nn.load(path):predict(testset):totable(), inferred:decisions():totable())
  os.remove(path)
  -- LFR's model represents the original rows with its prototypes, then applies the model retrained on them.
  local lfr = fair.mitigate(model, train:select({table.unpack((function() local t = {} for i = 1, 300 do t[i] = i end return t end)())}), testset,
                            {method = "lfr", max_iter = 5})
  local lfr_model = lfr:model()
  expect_eq(tostring(lfr_model):match("^Model%(LogisticRegression.* on LFR representations %(k = 5%)") ~= nil, true)
  lfr_model:save(path)
  expect_eq(nn.load(path):predict(testset):totable(), lfr:decisions():totable())
  os.remove(path)
  -- CorrelationRemover's model corrects each original row as the transform does (reading the sensitive column).
  local cr = fair.mitigate(model, train, testset, {method = "correlation_remover"})
  cr:model():save(path)
  expect_eq(nn.load(path):predict(testset):totable(), cr:decisions():totable())
  os.remove(path)
  local dir = fair.mitigate(model, train, testset, {method = "disparate_impact_remover"})
  expect_error(function() dir:model() end, "disparate_impact_remover rewrites the features")
end)

test("fair_ranking shortlists the test rows in the training shares, through mitigate, the sweep and fair.post", function()
  local r = fair.mitigate(model, train, testset, {method = "fair_ranking", share = 0.2})
  expect_eq(r:decisions():sum():item(), math.floor(0.2 * #testset + 0.5))
  expect_eq(r:after():difference().selection_rate < r:before():difference().selection_rate / 5, true)
  expect_error(function() r:model() end, "no model of its own")
  local sweep = fair.sweep{model = model, train = train, test = testset, methods = {"baseline", "fair_ranking"}}
  expect_eq(#sweep:points(), 5)
  local post = fair.post.RankedSelection{share = 0.1, ranker = "exposure"}:fit(model:predict_proba(train), train:labels(), train:sensitive("sex"))
  expect_eq(post:predict(model:predict_proba(testset), testset:sensitive("sex")):sum():item(), math.floor(0.1 * #testset + 0.5))
  expect_error(function() fair.post.RankedSelection{share = 2} end, "share must be in (0, 1]")
end)

test("EqOdds and CalibratedEqOdds give AIF360's mixing rates and equalise the odds", function()
  local preds = data.csv("Tests/reference/adult_predictions.csv", {categorical = {"sex", "race"}})
  local scores, y, sex = preds:column("score"), preds:column("y_true"), preds:column("sex")
  local eo = fair.post.EqOdds{privileged = "Male"}:fit(scores, y, sex)
  local rates = eo:rates()
  expect_near(rates.privileged.p2p, ref.eq_odds.eq_odds[1], 1e-6)
  expect_near(rates.other.n2p, ref.eq_odds.eq_odds[4], 1e-6)
  local p = eo:predict_proba(scores, sex)
  local mf = fair.MetricFrame{metrics = "mean_prediction", y_true = y, y_pred = p, sensitive = sex}
  local ceo = fair.post.CalibratedEqOdds{privileged = "Male", cost = "fnr"}:fit(scores, y, sex)
  expect_near(ceo:rates().privileged, ref.eq_odds.calibrated_fnr[1], 1e-6)
  expect_eq(#ceo:predict(scores, sex, {seed = 1}), #preds)
  expect_error(function() fair.post.EqOdds{} end, "option 'privileged' is required")
  local r = fair.mitigate(model, train, testset, {method = "eq_odds", privileged = "Male", seed = 1})
  expect_eq(r:after():difference().tpr < r:before():difference().tpr, true)
end)

test("RejectOption chooses AIF360's threshold and margin", function()
  local preds = data.csv("Tests/reference/adult_predictions.csv", {categorical = {"sex", "race"}})
  local scores, y, sex = preds:column("score"), preds:column("y_true"), preds:column("sex")
  local ro = fair.post.RejectOption{privileged = "Male", metric = "average_odds"}:fit(scores, y, sex)
  local t, m = ro:best()
  expect_near(t, ref.eq_odds.reject_option_average_odds.threshold, 1e-12)
  expect_near(m, ref.eq_odds.reject_option_average_odds.margin, 1e-12)
  expect_eq(ro:predict(scores, sex):sum():item(), ref.eq_odds.reject_option_average_odds.positives)
  expect_error(function() fair.post.RejectOption{privileged = "Male", metric = "parity"} end, "option 'metric': one of statistical_parity")
  local r = fair.mitigate(model, train, testset, {method = "reject_option", privileged = "Male"})
  expect_eq(math.abs(r:after():difference().selection_rate) < r:before():difference().selection_rate, true)
end)

test("DisparateImpactRemover and the other pre-processors through mitigate", function()
  local dir = fair.pre.DisparateImpactRemover{repair_level = 1, features = {"hours-per-week"}}
  local repaired = dir:fit(train):transform(train)
  local f = fair.MetricFrame{metrics = "mean_prediction", y_true = repaired:labels(), y_pred = repaired:column("hours-per-week"),
                             sensitive = repaired:sensitive("sex")}
  expect_near(f:difference().mean_prediction, 0, 0.02)
  expect_error(function() fair.pre.DisparateImpactRemover{repair_level = 2} end, "repair_level must be in [0, 1]")
  for _, method in ipairs{"disparate_impact_remover", "massaging", "preferential_sampling", "drop_proxies"} do
    local r = fair.mitigate(model, train, testset, {method = method})
    expect_eq(r:method(), method)
    expect_eq(r:after():overall().accuracy > 0.75, true)
  end
end)

test("ThresholdOptimizer takes a plugin objective", function()
  fair.metrics.register{name = "youden", per_group = function(cm) return cm.tp / (cm.tp + cm.fn) + cm.tn / (cm.tn + cm.fp) - 1 end}
  local scores, y, sex = model:predict_proba(train), train:labels(), train:sensitive("sex")
  local a = fair.post.ThresholdOptimizer{objective = "youden"}:fit(scores, y, sex)
  local b = fair.post.ThresholdOptimizer{objective = "balanced_accuracy"}:fit(scores, y, sex)
  expect_near(a:best(), b:best(), 1e-12)
  fair.metrics.register{name = "rows_based", fn = function() return 1 end}
  expect_error(function() fair.post.ThresholdOptimizer{objective = "rows_based"} end, "must be computed from confusion counts")
  expect_error(function() fair.post.ThresholdOptimizer{objective = "nope"} end, "unknown metric 'nope'")
end)
