-- fair: MetricFrame, measures, streaming metrics, tests and plugins from Lua, against the committed
-- Fairlearn / AIF360 / SciPy reference values (Tests/reference/generate_fairness.py).

local ref = json.decode(read_file("Tests/reference/fairness_reference.json"))
local ds = data.csv("Tests/reference/adult_predictions.csv", {categorical = {"sex", "race"}})
local y, p, score = ds:column("y_true"), ds:column("y_pred"), ds:column("score")
local sex, race = ds:column("sex"), ds:column("race")

test("MetricFrame by sex equals Fairlearn's", function()
  -- Scores reach Lua as Float32 tensors, so score metrics agree to 1e-5 here (1e-9 in the Swift tests).
  local names = {accuracy = 1e-9, selection_rate = 1e-9, tpr = 1e-9, fpr = 1e-9, ppv = 1e-9, f1 = 1e-9, roc_auc = 1e-5, log_loss = 1e-5}
  local list = {}
  for name in pairs(names) do list[#list + 1] = name end
  table.sort(list)
  local mf = fair.MetricFrame{metrics = list, y_true = y, y_pred = p, y_score = score, sensitive = sex}
  local expected = ref.adult.sex
  for name, tol in pairs(names) do
    expect_near(mf:overall()[name], expected.overall[name], tol)
    expect_near(mf:by_group().Female[name], expected.by_group.Female[name], tol)
    expect_near(mf:by_group().Male[name], expected.by_group.Male[name], tol)
    expect_near(mf:difference()[name], expected.difference[name], tol)
    expect_near(mf:ratio()[name], expected.ratio[name], tol)
    expect_near(mf:difference{method = "to_overall"}[name], expected.difference_to_overall[name], tol)
    expect_near(mf:group_min()[name], expected.group_min[name], tol)
  end
  local text = tostring(mf)
  expect_eq(text:match("^sex%s+accuracy"), "sex         accuracy")
  expect_eq(text:match("\n(ratio%s+%S+)"), "ratio         0.8736")   -- 4 significant digits
  expect_eq(select(2, text:gsub("\n", "\n")), 6)
end)

test("intersectional groups join values with |", function()
  local mf = fair.MetricFrame{metrics = "tpr", y_true = y, y_pred = p, sensitive = {sex, race}}
  local groups = mf:by_group()
  expect_near(groups["Female|Black"].tpr, ref.adult["sex|race"].by_group["Female|Black"].tpr, 1e-9)
  expect_near(mf:difference().tpr, ref.adult["sex|race"].difference.tpr, 1e-9)
  local doc = json.decode(mf:to_json())
  expect_eq(#doc.groups, 10)
  expect_eq(doc.groups[1].group, {sex = "Female", race = "Amer-Indian-Eskimo"})
end)

test("weights are sample weights", function()
  local mf = fair.MetricFrame{metrics = {"selection_rate", "tpr"}, y_true = y, y_pred = p, sensitive = sex, weights = ds:column("weight")}
  expect_near(mf:by_group().Female.tpr, ref.adult.sex_weighted.by_group.Female.tpr, 1e-9)
end)

test("bootstrap intervals are seeded", function()
  local mf = fair.MetricFrame{metrics = {"selection_rate"}, y_true = y, y_pred = p, sensitive = sex}
  local a = mf:ci{n = 50, seed = 3}
  local b = mf:ci{n = 50, seed = 3}
  expect_eq(a.overall.selection_rate, b.overall.selection_rate)
  expect_eq(a.overall.selection_rate[1] < mf:overall().selection_rate, true)
  expect_eq(a.difference.selection_rate[2] > mf:difference().selection_rate, true)
end)

test("scalar measures follow Fairlearn, and AIF360 with privileged", function()
  expect_near(fair.demographic_parity_difference(y, p, sex), ref.adult.functions.demographic_parity_difference, 1e-9)
  expect_near(fair.equalized_odds_difference(y, p, sex, {agg = "mean"}), ref.adult.functions.equalized_odds_difference_mean, 1e-9)
  expect_near(fair.equalized_odds_ratio(y, p, sex), ref.adult.functions.equalized_odds_ratio, 1e-9)
  local aif = ref.adult.aif360_sex
  expect_near(fair.statistical_parity_difference(y, p, sex, {privileged = "Male"}), aif.statistical_parity_difference, 1e-9)
  expect_near(fair.disparate_impact(y, p, sex, {privileged = "Male"}), aif.disparate_impact, 1e-9)
  expect_near(fair.average_odds_difference(y, p, sex, {privileged = "Male"}), aif.average_odds_difference, 1e-9)
  expect_near(fair.generalized_entropy_index(y, p), aif.generalized_entropy_index, 1e-9)
  expect_near(fair.theil_index(y, p), aif.theil_index, 1e-9)
  expect_near(fair.coefficient_of_variation(y, p), aif.coefficient_of_variation, 1e-9)
  expect_near(fair.between_group_theil_index(y, p, sex), aif.between_group_theil_index, 1e-9)
  expect_near(fair.between_group_coefficient_of_variation(y, p, sex), aif.between_group_coefficient_of_variation, 1e-9)
  expect_near(fair.smoothed_empirical_differential_fairness(p, sex), aif.smoothed_empirical_differential_fairness, 1e-9)
  expect_error(function() fair.disparate_impact(y, p, sex) end, "give {privileged = value}")
end)

test("statistical tests agree with SciPy", function()
  local t = fair.test.chi2(p, sex, {correction = false})
  expect_near(t.statistic, ref.adult.tests_sex.chi2.statistic, 1e-9 * t.statistic)
  expect_eq(t.dof, 1)
  local z = fair.test.two_proportion(p, sex, {y_true = y, rate = "tpr"})
  expect_near(z.p_value, ref.adult.tests_sex.two_proportion_tpr.p_value, 1e-12)
  local f = fair.test.fisher(p, sex)
  expect_near(f.statistic, ref.adult.tests_sex.fisher.statistic, 1e-9)
  local adjusted = fair.test.adjust({0.01, 0.04, 0.03}, {method = "bh"})
  expect_near(adjusted[1], 0.03, 1e-15)
  expect_near(adjusted[2], 0.04, 1e-15)
  local boot = fair.test.bootstrap("accuracy", y, p, {n = 50, seed = 1})
  expect_near(boot.estimate, ref.adult.sex.overall.accuracy, 1e-12)
  expect_eq(boot.low < boot.estimate and boot.estimate < boot.high, true)
end)

test("streaming metrics: batches and merged shards equal the batch result", function()
  local whole = fair.metric.EqualizedOdds():update(y, p, sex)
  local a, b = fair.metric.EqualizedOdds(), fair.metric.EqualizedOdds()
  local n = #ds
  local half = n // 2
  local idx1, idx2 = tensor.arange(1, half + 1), tensor.arange(half + 1, n + 1)
  local first, second = ds:select(idx1), ds:select(idx2)
  a:update(first:column("y_true"), first:column("y_pred"), first:column("sex"))
  b:update(second:column("y_true"), second:column("y_pred"), second:column("sex"))
  a:merge(b)
  local _, va = a:get()
  local name, vw = whole:get()
  expect_eq(name, "equalized_odds_difference")
  expect_eq(va, vw)
  expect_near(vw, ref.adult.functions.equalized_odds_difference, 1e-12)
  local restored = fair.metric.from_state(json.decode(json.encode(a:state())))
  expect_eq(select(2, restored:get()), vw)
  local by = fair.metric.ByGroup{metrics = {"tpr", "selection_rate"}}:update(y, p, sex)
  local _, groups = by:get()
  expect_near(groups.Female.tpr, ref.adult.sex.by_group.Female.tpr, 1e-12)
  expect_error(function() a:merge(fair.metric.Accuracy()) end, "cannot merge Accuracy into EqualizedOdds")
end)

test("plugin metrics work by name, per group or on rows", function()
  fair.metrics.register{name = "fn_fp_ratio", per_group = function(cm) return cm.fn / cm.fp end}
  fair.metrics.register{name = "positives", fn = function(yt, yp) return yp:sum():item() end}
  local mf = fair.MetricFrame{metrics = {"fn_fp_ratio", "positives"}, y_true = y, y_pred = p, sensitive = sex}
  expect_eq(mf:by_group().Female.fn_fp_ratio, 262 / 104)
  expect_eq(mf:by_group().Male.positives, 1914 + 714)
  expect_error(function() fair.MetricFrame{metrics = "nope", y_true = y, y_pred = p, sensitive = sex} end,
               "unknown metric 'nope'; known metrics: count,")
  expect_error(function() fair.metrics.register{name = "accuracy", per_group = function() return 1 end} end, "built-in")
  fair.metrics.register{name = "broken", per_group = function(cm) return "x" end}
  expect_error(function() fair.MetricFrame{metrics = "broken", y_true = y, y_pred = p, sensitive = sex} end,
               "metric 'broken' must return a number, returned string")
end)

test("bad input is a clear error", function()
  expect_error(function() fair.MetricFrame{metrics = "tpr", y_true = {1, 0}, y_pred = {1}, sensitive = {"a", "b"}} end,
               "y_true has 2 rows but y_pred has 1")
  expect_error(function() fair.MetricFrame{metrics = "tpr", y_true = {1, 2}, y_pred = {1, 0}, sensitive = {"a", "b"}} end,
               "y_true must be binary (0/1); found the values 1, 2")
  expect_error(function() fair.MetricFrame{metrics = "tpr", y_true = {1, 0}, y_pred = {1, 0}, sensitive = {"a", "b"}, colour = 1} end,
               "colour")
  local mf = fair.MetricFrame{metrics = "tpr", y_true = {0, 1, 1}, y_pred = {0, 1, 0}, sensitive = {"a", "b", "b"}}
  expect_eq(mf:by_group().a.tpr ~= mf:by_group().a.tpr, true)  -- NaN, never 0
  expect_eq(mf:warnings()[1], "tpr is NaN for a (its denominator is 0 there)")
  expect_eq(json.decode(mf:to_json()).groups[1].metrics.tpr, nil)
end)

test("data_bias measures the labels and ranks proxies", function()
  local _, adult_test = data.load("adult")
  local bias = fair.data_bias(adult_test, {privileged = {sex = "Male"}})
  local sexes = bias:attributes()[1]
  expect_eq(sexes.name, "sex")
  expect_near(sexes.statistical_parity_difference, ref.adult.data_bias.statistical_parity_difference, 1e-9)
  expect_near(sexes.disparate_impact, ref.adult.data_bias.disparate_impact, 1e-9)
  local top = bias:proxies()[1]
  expect_eq({top.feature, top.sensitive, top.measure}, {"relationship", "sex", "cramers_v"})
  expect_near(top.association, ref.adult.data_bias.cramers_v.relationship, 1e-9)
  expect_eq(tostring(bias):match("^Data bias: 15060 rows"), "Data bias: 15060 rows")
  expect_error(function() fair.data_bias(adult_test, {privileged = {sex = "male"}}) end, "privileged value 'male' not found in 'sex'")
end)

test("detect: data bias, model bias with intervals, tests and findings", function()
  local train, test = data.load("adult")
  local scale = data.transforms.Standardize():fit(train)
  train, test = scale:transform(train), scale:transform(test)
  local model = nn.LogisticRegression():fit(train)
  local report = fair.detect(model, train, test, {metrics = {"selection_rate", "tpr"}, ci = 20, privileged = {sex = "Male"}})
  local rules = {}
  local kinds = {}
  for _, f in ipairs(report:findings()) do
    rules[f.rule] = (rules[f.rule] or 0) + 1
    kinds[f.kind] = (kinds[f.kind] or 0) + 1
    expect_eq(type(f.reading), "string")
    expect_eq(type(f.evidence.statistic), "string")
    expect_eq(f.severity >= 0 and f.severity <= 1, true)
  end
  expect_eq(rules["four-fifths rule"] >= 2, true)
  expect_eq(rules["proxy"] >= 1, true)
  expect_eq(rules["significant difference"] >= 1, true)
  -- Training base rates are label findings, the model's selection rates outcome, TPR / FPR error_rate.
  expect_eq({kinds.label, kinds.proxy >= 1, kinds.outcome >= 2, kinds.error_rate >= 1}, {2, true, true, true})
  local sex_ratio
  for _, f in ipairs(report:findings()) do
    if f.kind == "outcome" and f.evidence.statistic == "sex: selection-rate ratio" then sex_ratio = f.evidence.value end
  end
  expect_near(sex_ratio, report:frame("sex"):ratio().selection_rate, 1e-12)
  -- Race's smallest groups (Amer-Indian-Eskimo, Other) are large enough here: no small-group note, only
  -- the caveat that train was compared with test, not with a population.
  expect_eq(#report:notes(), 1)
  expect_eq(report:notes()[1]:match("^selection: "), "selection: ")
  local strict = fair.detect(model, train, test, {metrics = {"selection_rate"}, ci = 0, min_group_size = 300})
  expect_eq(strict:notes()[1]:match("^race %(training data%): Amer%-Indian%-Eskimo %(n = 286%), Other %(n = 231%) below min_group_size 300"), "race (training data): Amer-Indian-Eskimo (n = 286), Other (n = 231) below min_group_size 300")
  local frame = report:frame("sex")
  expect_eq(frame:difference().selection_rate > 0.1, true)
  local doc = json.decode(report:to_json())
  expect_eq(#doc.model, 2)
  expect_eq(doc.model[1].frame.ci.n, 20)
  expect_eq(tostring(report):match("^Bias detection"), "Bias detection")
  -- The model never sees sex (sensitive columns are not features), so swapping it changes nothing.
  expect_eq(fair.counterfactual_flip_rate(model, test, "sex"), 0)
  expect_error(function() fair.detect(tensor.zeros(2), train, test) end, "model")
end)

test("detect: anchoring must fire when one feature determines the label; selection against a population", function()
  local rows = {"a,b,c,g,y"}
  for i = 1, 600 do
    local a = i % 2
    rows[#rows + 1] = string.format("%d,%d,%d,%s,%d", a, (i * 7) % 5, (i * 13) % 11, i % 3 == 0 and "F" or "M", a)
  end
  local path = temp_file(table.concat(rows, "\n") .. "\n")
  local ds = data.csv(path, {label = "y", positive = 1, sensitive = "g"})
  os.remove(path)
  local train, test = ds:split{ratio = 0.5, seed = 1}
  local model = nn.LogisticRegression():fit(train)
  local d = fair.detect(model, train, test, {ci = 0, population = {g = {F = 0.5, M = 0.5}}})
  local by = {}
  for _, f in ipairs(d:findings()) do by[f.kind] = by[f.kind] or f end
  expect_eq(by.anchoring.rule, "anchoring")
  expect_eq(by.anchoring.evidence.statistic, "importance share of a")
  expect_eq(by.anchoring.evidence.value > 0.9, true)
  expect_eq(by.anchoring.message:match("^a carries"), "a carries")
  -- F is a third of the data against half of the population.
  expect_eq(by.selection.rule, "representation")
  expect_eq(by.selection.message:match("^g: F is"), "g: F is")
  expect_near(by.selection.evidence.value, train:groups("g").F / #train / 0.5, 1e-9)
  -- Without a population, train against test, with the caveat in a note; anchoring = false skips the check.
  local plain = fair.detect(model, train, test, {ci = 0, anchoring = false})
  for _, f in ipairs(plain:findings()) do expect_eq(f.kind ~= "anchoring" and f.kind ~= "selection", true) end
  local notes = plain:notes()
  expect_eq(notes[#notes]:match("^selection: the training data was compared with the test data only"), "selection: the training data was compared with the test data only")
  expect_error(function() fair.detect(model, train, test, {population = {g = {F = 0.5, X = 0.5}}}) end, "no share for 'M' of 'g'")
  expect_error(function() fair.detect(model, train, test, {population = {g = "F"}}) end, "each column needs {group = share")
  expect_error(function() fair.detect(model, train, test, {legitimate = {"g"}}) end, "'g' is the label or a sensitive column")
end)

test("data_bias: label bias given legitimate features, selection against the census (Adult)", function()
  local train = data.load("adult")
  local census = {sex = {Female = 0.513, Male = 0.487},
                  race = {White = 0.803, Black = 0.121, ["Asian-Pac-Islander"] = 0.029, ["Amer-Indian-Eskimo"] = 0.008, Other = 0.039}}
  local doc = json.decode(fair.data_bias(train, {population = census, legitimate = {"education-num"}}):to_json())
  local detection = json.decode(read_file("Tests/fixtures/detection/detection_reference.json"))
  local sex = doc.selection.attributes[2]
  expect_eq({sex.name, sex.counts[1], sex.counts[2]}, {"sex", 9782, 20380})
  expect_near(sex.test.statistic, detection.selection.goodness_of_fit.sex.statistic, 1e-9 * sex.test.statistic)
  local female
  for _, f in ipairs(doc.labels.facets) do if f.group == "Female" then female = f end end
  expect_eq({female.attribute, female.group, female.strata}, {"sex", "Female", 16})
  expect_near(female.cdd, detection.labels.cases[1].cdd, 1e-9)
end)

test("power of the two-proportion test equals statsmodels' NormalIndPower", function()
  local cases = json.decode(read_file("Tests/fixtures/detection/detection_reference.json")).power
  for _, c in ipairs(cases.achieved) do
    expect_near(fair.test.power{n1 = c.n1, n2 = c.n2, alpha = c.alpha, effect = c.effect}.power, c.power, 1e-12)
  end
  for _, c in ipairs(cases.detectable) do
    local r = fair.test.power{n1 = c.n1, n2 = c.n2, alpha = c.alpha, power = c.power}
    expect_near(r.effect, c.effect_exact, 1e-12)
  end
  local r = fair.test.power{n1 = 100, n2 = 300, rate = 0.3}
  expect_near(r.difference, 0.1560477791259498, 1e-9)
  expect_eq(r.power, 0.8)
  expect_error(function() fair.test.power{n1 = 0, n2 = 5} end, "group sizes must be at least 1")
  expect_error(function() fair.test.power{n1 = 10} end, "'n1' and 'n2'")
  expect_error(function() fair.test.power{n1 = 10, n2 = 10, alpha = 0 / 0} end, "alpha must lie strictly between 0 and 1")
end)

test("control features, multiclass and bounded group loss", function()
  local mf = fair.MetricFrame{metrics = {"selection_rate"}, y_true = y, y_pred = p, sensitive = sex, control = race}
  local by = mf:by_group()
  expect_eq(by.White.Female.selection_rate ~= nil, true)
  expect_eq(mf:difference().Black.selection_rate < mf:difference().White.selection_rate, true)
  expect_eq(tostring(mf):match("^control = Amer%-Indian%-Eskimo"), "control = Amer-Indian-Eskimo")
  expect_error(function() mf:ci{n = 10} end, "not computed per control level")

  local classes = fair.multiclass{y_true = {0, 1, 2, 2, 1, 0}, y_pred = {0, 2, 2, 1, 1, 0}, sensitive = {"a", "a", "a", "b", "b", "b"}}
  expect_eq(classes["2"]:by_group().a.tpr, 1)
  expect_eq(classes["2"]:by_group().b.tpr, 0)
  expect_near(classes["1"]:by_group().a.selection_rate, 0, 1e-12)

  local worst, group = fair.bounded_group_loss({1, 2, 3, 10}, {1, 2, 4, 6}, {"a", "a", "b", "b"}, {loss = "mae"})
  expect_eq({worst, group}, {2.5, "b"})
end)

test("fair.one_vs_rest and fair.intersection: AIF360's meta-metrics", function()
  local y_true, y_pred, g = {1, 0, 1, 0, 1, 0}, {1, 0, 0, 0, 1, 1}, {"a", "a", "b", "b", "c", "c"}
  local spd = fair.one_vs_rest("statistical_parity_difference", y_true, y_pred, g)
  -- a privileged: the rest (b, c) select 2 of 4, a 1 of 2; b privileged: the rest select 3 of 4, b none
  expect_near(spd.a, 2 / 4 - 1 / 2, 1e-12)
  expect_near(spd.b, 3 / 4 - 0, 1e-12)
  local acc = fair.intersection("accuracy", y_true, y_pred, {g, {"x", "x", "x", "y", "y", "y"}})
  expect_near(acc["b|x"], 0, 1e-12)
  expect_near(acc["c|y"], 0.5, 1e-12)
  expect_error(function() fair.one_vs_rest("accuracy", y_true, y_pred, g) end, "unknown measure 'accuracy'")
  expect_error(function() fair.intersection("nosuch", y_true, y_pred, g) end, "nosuch")
end)

test("fair.multiclass names classes; fair.multiclass_summary gives macro, micro and the multiclass DP and EO differences", function()
  local y_true, y_pred = {0, 1, 2, 0, 1, 2, 0, 1}, {0, 1, 1, 0, 2, 2, 1, 1}
  local g = {"a", "a", "a", "a", "b", "b", "b", "b"}
  local f = fair.multiclass{y_true = y_true, y_pred = y_pred, sensitive = g, classes = {"cat", "dog", "emu"}}
  expect_near(f.dog:by_group().a.selection_rate, 0.5, 1e-12)
  local s = fair.multiclass_summary{y_true = y_true, y_pred = y_pred, sensitive = g, classes = {"cat", "dog", "emu"}, metrics = {"selection_rate", "tpr"}}
  expect_eq(s.classes, {"cat", "dog", "emu"})
  -- b: cat 0 of 1 right, dog 1 of 2, emu 1 of 1 → macro recall 1/2, micro recall (pooled) 2/4
  expect_near(s.macro.b.tpr, (0 + 0.5 + 1) / 3, 1e-12)
  expect_near(s.micro.b.tpr, 2 / 4, 1e-12)
  expect_near(s.demographic_parity_difference, 0.5, 1e-12)   -- cat: a picks it for 2 of 4, b for none
  expect_near(s.equalized_odds_difference, 1, 1e-12)         -- cat's recall: 1 in a, 0 in b
  expect_error(function() fair.multiclass{y_true = {0, 3}, y_pred = {0, 1}, sensitive = {"a", "b"}, classes = {"x", "y"}} end, "3 is not a class index 0..1; classes: x, y")
end)
