-- report and plot: self-contained HTML and SVG, written atomically.

local train, testset = data.load("adult")
local scale = data.transforms.Standardize():fit(train)
train, testset = scale:transform(train), scale:transform(testset)
local model = nn.LogisticRegression():fit(train)

test("a detection report is one self-contained HTML file with findings first", function()
  local d = fair.detect(model, train, testset, {metrics = {"selection_rate", "tpr"}, ci = 20})
  local path = os.tmpname()
  d:html(path)
  local html = read_file(path)
  os.remove(path)
  expect_eq(html:sub(1, 15), "<!DOCTYPE html>")
  expect_eq(html:find("<script", 1, true), nil)
  local findings, charts = html:find("Summary of findings", 1, true), html:find("<svg", 1, true)
  expect_eq(findings < charts, true)
  expect_eq(html:find("four-fifths rule", 1, true) ~= nil, true)
  expect_eq(html:find("SHA-256", 1, true) ~= nil, true)
  expect_eq(html:find("adult.data", 1, true) ~= nil, true)
end)

test("frames, threshold optimizers and plot write SVG", function()
  local mf = fair.MetricFrame{metrics = {"selection_rate", "tpr"}, y_true = testset:labels(), y_pred = model:predict(testset),
                              sensitive = testset:sensitive("sex")}
  mf:ci{n = 20, seed = 1}
  local path = os.tmpname()
  mf:plot(path)
  local svg = read_file(path)
  expect_eq(svg:find("<svg xmlns", 1, true), 1)
  expect_eq(svg:find(">Female</text>", 1, true) ~= nil, true)
  local to = fair.post.ThresholdOptimizer{}:fit(model:predict_proba(train), train:labels(), train:sensitive("sex"))
  to:plot(path)
  expect_eq(read_file(path):find("<circle", 1, true) ~= nil, true)
  plot.bars{path = path, title = "x", categories = {"a", "b"}, series = {{name = "s", values = {1, 2}}}}
  expect_eq(read_file(path):find(">a</text>", 1, true) ~= nil, true)
  plot.lines{path = path, series = {{name = "l", x = {0, 1}, y = {0, 1}}}}
  expect_eq(read_file(path):find("<path d=\"M", 1, true) ~= nil, true)
  expect_eq(report.markdown(mf):sub(1, 3), "```")
  os.remove(path)
  expect_error(function() report.html(42, path) end, "SHAP, ClarifyReport, RegressionFairness or RankedListFairness expected")
end)

test("permutation importance of accuracy and of a disparity", function()
  local acc = explain.permutation_importance(model, testset, {repeats = 2, seed = 1, features = {"relationship", "fnlwgt", "education"}})
  expect_eq(acc.features, {"fnlwgt", "education", "relationship"})
  expect_eq(acc.mean:shape(), {3})
  expect_eq(acc:ranking()[1].feature == "fnlwgt", false)
  local gap = explain.permutation_importance(model, testset, {metric = "demographic_parity_difference", repeats = 2, seed = 1,
                                                              features = {"marital-status", "relationship", "fnlwgt"}})
  local top = gap:ranking()[1]
  expect_eq(top.feature, "marital-status")   -- shuffling marital status closes most of the model's sex gap
  expect_eq(top.mean > 0.05, true)
  expect_eq(tostring(gap):match("^permutation importance of demographic_parity_difference"), "permutation importance of demographic_parity_difference")
  expect_error(function() explain.permutation_importance(model, testset, {features = {"colour"}}) end, "unknown feature(s) colour")
end)

test("partial dependence: numeric and categorical features, ICE, by group; disparity attribution", function()
  local pd = explain.partial_dependence(model, testset, "age", {grid_resolution = 10, kind = "both", by_group = "sex"})
  expect_eq(#pd.grid, 10)
  expect_eq(pd.average:shape(), {10})
  expect_eq(pd.individual:shape(), {#testset, 10})
  expect_eq(pd.average[10] > pd.average[1], true)          -- older, more likely to earn >50K in this model
  expect_eq(pd.groups.Female ~= nil and pd.groups.Male ~= nil, true)
  local two = explain.partial_dependence(model, testset, {"age", "relationship"}, {grid_resolution = 4})
  expect_eq(#two.grid, 4 * 6)
  expect_eq(two.grid[1]:match("| Husband$") ~= nil, true)
  local cat = explain.partial_dependence(model, testset, "relationship")
  expect_eq(cat.grid[1], "Husband")
  local path = os.tmpname()
  pd:plot(path)
  os.remove(path)
  expect_error(function() explain.partial_dependence(model, testset, "colour") end, "unknown feature 'colour'")
  expect_error(function() explain.partial_dependence(model, testset, "age", {kind = "all"}) end, "option 'kind': unknown kind 'all'")
  expect_error(function() explain.partial_dependence(model, testset, "age", {percentiles = {0.1}}) end,
               "bad argument #4 to 'explain.partial_dependence' (option 'percentiles': {low, high} expected)")
  local attribution = explain.disparity_attribution(model, testset, {repeats = 1, seed = 1, features = {"marital-status", "fnlwgt"}})
  expect_eq(attribution:ranking()[1].feature, "marital-status")
end)

test("ROC and calibration curves by group", function()
  local path = os.tmpname()
  local scores = model:predict_proba(testset)
  plot.roc{path = path, y_true = testset:labels(), y_score = scores, sensitive = testset:sensitive("sex")}
  local f = assert(io.open(path, "rb"))
  local svg = f:read("a")
  f:close()
  expect_eq(svg:find("ROC by group", 1, true) ~= nil, true)
  expect_eq(svg:find(">Female</text>", 1, true) ~= nil, true)
  plot.calibration{path = path, y_true = testset:labels(), y_score = scores, sensitive = testset:sensitive("sex"), bins = 5}
  os.remove(path)
  expect_error(function() plot.roc{path = path} end, "y_true, y_score and sensitive are required")
  -- without a path (outside a notebook) the chart comes back as SVG text
  local text = plot.roc{y_true = testset:labels(), y_score = scores, sensitive = testset:sensitive("sex")}
  expect_eq(text:sub(1, 4), "<svg")
  expect_eq(text:find("ROC by group", 1, true) ~= nil, true)
  local pr = plot.precision_recall{y_true = testset:labels(), y_score = scores, sensitive = testset:sensitive("sex")}
  expect_eq(pr:find("Precision-recall by group", 1, true) ~= nil and pr:find(">recall</text>", 1, true) ~= nil, true)
end)

test("a detection report holds the fairness check and precision-recall curves; its findings follow the check", function()
  local d = fair.detect(model, train, testset, {metrics = {"selection_rate", "tpr"}, ci = 0})
  local path = os.tmpname()
  d:html(path)
  local html = read_file(path)
  os.remove(path)
  expect_eq(html:find("<h2>Fairness check, by sex</h2>", 1, true) ~= nil, true)
  expect_eq(html:find("Precision-recall by race", 1, true) ~= nil, true)
  local doc = json.decode(d:to_json())
  local checked = {}
  for _, f in ipairs(doc.findings) do if f.rule == "fairness check" then checked[#checked + 1] = f.evidence.statistic end end
  -- Each sensitive column's failed criteria (statistical parity left to the four-fifths rule, which fired) are findings.
  local expected = 0
  for _, m in ipairs(doc.model) do
    for _, name in ipairs(m.check.failed) do if name ~= "STP" then expected = expected + 1 end end
  end
  expect_eq(#checked, expected)
  expect_eq(expected > 0, true)
end)

test("report.html takes any result with a report: Clarify's, a regressor's; findings by the one rule", function()
  local ds = data.csv("Tests/reference/adult_predictions.csv", {label = "y_true", positive = 1, sensitive = {"sex", "race"}})
  local opts = {facet = "sex", facet_values_or_threshold = {"Female"}, label_values_or_threshold = {1}}
  local post = fair.clarify.posttraining(ds:column("y_pred"), ds, opts)
  local path = os.tmpname()
  report.html(post, path)
  local html = read_file(path)
  expect_eq(html:find("disparate impact of 'sex = Female' vs privileged 'sex ≠ Female' is " .. string.format("%.4g", post:values().Female.DI), 1, true) ~= nil, true)
  expect_eq(html:find("adult_predictions.csv", 1, true), nil)   -- Clarify's result keeps no dataset: no data file in the provenance
  report.html(fair.clarify.pretraining(ds, opts), path)
  html = read_file(path)
  expect_eq(html:find("No findings.", 1, true) ~= nil, true)
  expect_eq(html:find("pre-training measures have no pass/fail threshold", 1, true) ~= nil, true)
  local r = fair.regression{y_true = ds:labels(), y_pred = ds:column("score"), sensitive = ds:sensitive("sex"), permutations = 50, seed = 1}
  report.html(r, path)
  html = read_file(path)
  os.remove(path)
  expect_eq(html:find("<title>Regression fairness</title>", 1, true) ~= nil, true)
  expect_eq(html:find("permutation test rejects 'equal prediction distributions (Kolmogorov-Smirnov distance)'", 1, true) ~= nil, true)
  report.html(fair.rank.fairness(ds:column("score"), ds:labels(), ds:sensitive("sex"), {ties = "row"}), path)
  html = read_file(path)
  os.remove(path)
  expect_eq(html:find("<title>Ranking fairness</title>", 1, true) ~= nil, true)
  expect_eq(html:find("four-fifths rule", 1, true) ~= nil, true)    -- the sexes differ in exposure per relevance or NDCG
  expect_error(function() report.html({}, path) end, "RegressionFairness or RankedListFairness expected")
end)
