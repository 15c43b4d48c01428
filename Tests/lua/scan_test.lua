-- fair.scan (subgroup discovery) from Lua: the MDSS scan against AIF360 0.6.1 and the exhaustive scan against
-- pandas + statsmodels (Tests/reference/generate_scan.py); fair.detect{scan = …}; bad input.

local ref = json.decode(read_file("Tests/reference/scan_reference.json"))
local adult_features = {"workclass", "education", "marital-status", "occupation", "relationship", "race", "sex", "native-country", "age"}
local _, test_split = data.load("adult")
local preds = data.csv("Tests/reference/adult_predictions.csv", {label = "y_true", positive = 1})
local score, decisions = preds:column("score"), preds:column("y_pred")

-- The case of `ref.mdss` on `dataset` with these settings.
local function mdss_case(dataset, penalty, iters, over)
  for _, c in ipairs(ref.mdss) do
    if c.dataset == dataset and c.penalty == penalty and c.num_iters == iters and c.overpredicted == over then return c end
  end
end

test("the MDSS scan of Adult's test split finds AIF360's subgroup and score", function()
  local c = mdss_case("adult", 0.5, 10, true)
  local s = fair.scan{data = test_split, scores = score, features = adult_features, method = "mdss", penalty = 0.5, num_iters = 10}
  expect_near(s:score(), c.score, 1e-9)
  local got = s:subgroup()
  for name, values in pairs(c.subgroup) do
    table.sort(got[name])
    expect_eq(got[name], values)
  end
  for name in pairs(got) do expect_eq(c.subgroup[name] ~= nil, true) end
  local doc = json.decode(s:to_json())
  expect_eq(doc.method, "mdss")
  expect_eq(doc.direction, "overpredicted")
  expect_eq(tostring(s):match("Subgroup %(n = (%d+) of 15060%)") ~= nil, true)
end)

test("the exhaustive depth-2 scan matches statsmodels' z-tests and Benjamini-Hochberg, and reports how many were tested", function()
  local expected = ref.exhaustive[1]
  local s = fair.scan{data = test_split, y_pred = decisions, scores = score, features = adult_features}
  expect_eq(s:tested(), expected.tested)
  local mine = {}
  for _, g in ipairs(s:subgroups()) do mine[g.description] = g end
  for _, row in ipairs(expected.subgroups) do
    local parts = {}
    for _, cond in ipairs(row.conditions) do parts[#parts + 1] = cond[1] .. " = " .. cond[2] end
    local g = mine[table.concat(parts, " ∧ ")]
    expect_eq(g.n, row.size)
    expect_near(g.p_value, row.p, 1e-9)
    expect_near(g.adjusted, row.adjusted, 1e-9)
  end
  local top = s:subgroups(3)
  expect_eq(#top, 3)
  expect_eq(math.abs(top[1].gap) >= math.abs(top[3].gap), true)
  expect_eq(tostring(s):match("(%d+) tested"), tostring(expected.tested))
end)

test("a plugin metric ranks the exhaustive scan (no test: it is not a proportion)", function()
  fair.metrics.register{name = "scan_tnr_plugin", per_group = function(cm) return cm.tn / (cm.tn + cm.fp) end}
  local s = fair.scan{data = test_split, y_pred = decisions, features = {"sex", "race"}, metric = "scan_tnr_plugin"}
  expect_eq(s:tested(), 0)
  expect_eq(tostring(s):match("not a proportion") ~= nil, true)
  local builtin = fair.scan{data = test_split, y_pred = decisions, features = {"sex", "race"}, metric = "tnr"}
  expect_near(s:subgroups(1)[1].gap, builtin:subgroups(1)[1].gap, 1e-12)
end)

test("fair.detect{scan = …} adds the worst subgroups as findings", function()
  local train = data.load("adult"):sample{n = 4000, seed = 1}
  local small = test_split:sample{n = 3000, seed = 1}
  local net = nn.LogisticRegression()
  net:fit(train)
  local d = fair.detect(net, train, small, {ci = 0, anchoring = false, scan = {"relationship", "age"}})
  local rules = {}
  for _, f in ipairs(d:findings()) do if f.kind == "subgroup" then rules[f.rule] = true end end
  expect_eq(rules["subgroup scan"], true)
  expect_eq(rules["MDSS bias scan"], true)
  expect_eq(tostring(d):match("subgroup: Subgroup bias") ~= nil, true)
  expect_eq(json.decode(d:to_json()).findings[1] ~= nil, true)
  -- No subgroup large enough: a note says nothing was found and why.
  local none = fair.detect(net, train, small, {ci = 0, anchoring = false, scan = {"relationship"}, min_group_size = 5000})
  local said = table.concat(none:notes(), "\n")
  expect_eq(said:match("subgroup scan over relationship: no subgroup's selection rate differs significantly from the rest's %(0 subgroups of at least 5000 rows tested") ~= nil, true)
end)

test("bad input: too many levels, depth above 3, unknown option, missing inputs", function()
  expect_error(function() fair.scan{data = test_split, y_pred = decisions, features = {"native-country"}, max_levels = 10} end,
               "'native-country' has 40 levels, more than max_levels = 10: bin it")
  local deep = fair.scan{data = test_split, y_pred = decisions, features = {"sex", "race", "relationship", "workclass"}, depth = 4}
  expect_eq(tostring(deep):match("note: depth 4 over 4 features: up to (%d+) subgroups") ~= nil, true)
  expect_error(function() fair.scan{data = test_split, y_pred = decisions, features = {"sex"}, dept = 2} end, "unknown option 'dept'")
  expect_error(function() fair.scan{data = test_split, features = {"sex"}} end, "give model")
  expect_error(function() fair.scan{data = test_split, y_pred = decisions, features = {"sex"}, method = "mdss"} end, "scans probabilities")
  expect_error(function() fair.scan{data = test_split, y_pred = decisions, features = {"nope"}} end, "nope")
  expect_error(function() fair.scan{data = test_split, scores = {0.5}, features = {"sex"}, method = "mdss"} end, "scores has 1 rows")
  expect_error(function() fair.scan{data = test_split, y_pred = decisions, features = {"sex"}, depth = 0} end, "depth must be at least 1")
end)

test("the MDSS scan of COMPAS finds AIF360's subgroup and score", function()
  local compas = data.compas(test_data("compas-scores-two-years.csv"))
  local cscore = data.csv("Tests/reference/compas_predictions.csv"):column("score")
  local c = mdss_case("compas", 2.0, 5, false)
  local s = fair.scan{data = compas, scores = cscore, features = {"sex", "race", "age_cat", "c_charge_degree", "priors_count"},
                      method = "mdss", penalty = 2.0, num_iters = 5, direction = "underpredicted"}
  expect_near(s:score(), c.score, 1e-9)
  local got = s:subgroup()
  for _, values in pairs(got) do table.sort(values) end
  expect_eq(got, c.subgroup)
end)

test("scans write HTML reports with their findings", function()
  local page, other = os.tmpname(), os.tmpname()
  local s = fair.scan{data = test_split, y_pred = decisions, features = {"sex", "race"}}
  s:html(page)
  report.html(fair.scan{data = test_split, scores = score, features = {"sex", "relationship"}, method = "mdss", num_iters = 2}, other)
  expect_eq(read_file(page):match("Subgroup scan") ~= nil, true)
  expect_eq(read_file(page):match("subgroup scan") ~= nil, true)
  expect_eq(read_file(other):match("MDSS bias scan") ~= nil, true)
  for _, path in ipairs({page, other}) do os.remove(path) end
  expect_eq(#s:findings() > 0, true)
  expect_eq(s:score(), nil)
end)
