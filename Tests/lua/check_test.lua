-- fair.check (fairmodels' fairness check) and fair.disparities (Aequitas's view) from Lua, against dalex 1.8 and
-- aequitas 1.1 (Tests/reference/generate_check.py). Decisions are counts, so ratios agree to 1e-9 here too.

local ref = json.decode(read_file("Tests/reference/check_reference.json"))
local ds = data.csv("Tests/reference/adult_predictions.csv", {label = "y_true", positive = 1, sensitive = {"sex", "race"}})
local score = ds:column("score")

test("fair.check on Adult's race matches dalex's fairness_check", function()
  for _, name in ipairs({"adult_race", "adult_race_eps09_cut04", "adult_sex"}) do
    local expected = ref.checks[name]
    local c = fair.check(score, ds, {sensitive = expected.attribute, privileged = expected.privileged,
                                     epsilon = expected.epsilon, cutoff = expected.cutoff})
    expect_eq(c:failed(), expected.failed)
    expect_eq(c:verdict(), expected.verdict)
    expect_eq(c:passed(), #expected.failed == 0)
    for metric, groups in pairs(expected.ratios) do
      for group, value in pairs(groups) do expect_near(c:ratios()[metric][group], value, 1e-9) end
    end
  end
end)

test("the check prints pass / FAIL per metric and group, aligned, and its JSON holds the verdict", function()
  local c = fair.check(score, ds, {sensitive = "race", privileged = "White"})
  local text = tostring(c)
  expect_eq(text:match("Bias detected in 3 metrics: TPR, FPR, STP%."), "Bias detected in 3 metrics: TPR, FPR, STP.")
  expect_eq(text:match("\n(FPR +Predictive equality +Black +%d+ +[%d.]+ +[%d.]+ +[%d.]+ +%a+)"):match("%a+$"), "FAIL")
  local widths = {}
  for line in text:gmatch("\n(TPR[^\n]*)") do widths[#widths + 1] = #line end
  expect_eq(widths[1], widths[#widths])
  local doc = json.decode(c:to_json())
  expect_eq(doc.verdict, "not fair")
  expect_eq(doc.privileged, "White")
  expect_eq(doc.ratios.TPR.White, nil)
end)

test("without privileged the largest group is the reference; digits = false keeps full precision", function()
  local c = fair.check(score, ds, {sensitive = "race"})
  expect_eq(json.decode(c:to_json()).privileged, "White")
  local exact = fair.check(score, ds, {sensitive = "race", digits = false})
  expect_eq(exact:ratios().TPR.Black == c:ratios().TPR.Black, false)
end)

test("a model works as well as its predictions", function()
  local train, test = data.load("adult")
  local scale = data.transforms.Standardize():fit(train)
  local small = scale:transform(test):sample{n = 2000, seed = 1}
  local model = nn.LogisticRegression():fit(scale:transform(train):sample{n = 2000, seed = 2})
  local a = fair.check(model, small, {sensitive = "sex", privileged = "Male"})
  local b = fair.check(model:predict_proba(small), small, {sensitive = "sex", privileged = "Male"})
  expect_eq(a:ratios(), b:ratios())
  expect_eq(a:verdict(), b:verdict())
end)

test("fair.disparities matches Aequitas's Bias and Fairness", function()
  for _, name in ipairs({"adult_race_largest", "adult_race_min_metric", "adult_sex_female"}) do
    local expected = ref.disparities[name]
    local d = fair.disparities(score, ds, {sensitive = expected.attribute, reference = expected.reference, tau = expected.tau})
    local doc = json.decode(d:to_json())
    for metric, groups in pairs(expected.disparities) do
      for group, value in pairs(groups) do expect_near(d:disparities()[metric][group], value, 1e-9) end
    end
    for parity, groups in pairs(expected.fair) do
      for group, value in pairs(groups) do expect_eq(d:fair()[parity][group], value) end
    end
    for parity, value in pairs(expected.attribute_fair) do expect_eq(doc.attribute_fair[parity], value) end
    expect_eq(doc.reference, expected.references)
  end
end)

test("charts and reports are written; bad options are errors that say what to give", function()
  local bars, heat, page, view = os.tmpname(), os.tmpname(), os.tmpname(), os.tmpname()
  local c = fair.check(score, ds, {sensitive = "race", privileged = "White"})
  c:plot(bars)
  c:plot(heat, {kind = "heatmap"})
  report.html(c, page)
  fair.disparities(score, ds, {sensitive = "race"}):html(view)
  expect_eq(read_file(bars):match("passing band %[0%.8, 1%.25%]") ~= nil, true)
  expect_eq(read_file(heat):match("Ratios to White") ~= nil, true)
  expect_eq(read_file(page):match("<b>fairness check</b>: Predictive equality %(FPR%): [^<]* over White is") ~= nil, true)
  expect_eq(read_file(view):match("fpr_disparity") ~= nil, true)
  for _, path in ipairs({bars, heat, page, view}) do os.remove(path) end
  expect_error(function() fair.check(score, ds, {sensitive = "race", privileged = "Martian"}) end, "groups are: Amer%-Indian%-Eskimo")
  expect_error(function() fair.check(score, ds, {epsilon = 1.5}) end, "epsilon must be in %(0, 1%)")
  expect_error(function() fair.check(score, ds, {sensitive = "age"}) end, "not a sensitive column")
  expect_error(function() fair.disparities(score, ds, {reference = "Nobody"}) end, "reference group 'Nobody' not found")
  expect_error(function() fair.check("x", ds) end, "model or predictions")
  expect_error(function() c:plot(nil, {kind = "pie"}) end, "ratios")
end)
