-- fair.clarify (SageMaker Clarify's bias catalogue) from Lua, against smclarify 0.5's bias_report
-- (Tests/reference/generate_clarify.py). The measures are ratios of counts: they agree to 1e-9.

local ref = json.decode(read_file("Tests/reference/clarify_reference.json")).clarify
local ds = data.csv("Tests/reference/adult_predictions.csv", {label = "y_true", positive = 1, sensitive = {"sex", "race"}})
local features = {"x_age", "x_fnlwgt", "x_education-num", "x_capital-gain", "x_capital-loss", "x_hours-per-week"}

-- Every measure of `report` against the expected {facet value = {name = value}} (null: smclarify could not compute it).
local function expect_matches(report, expected)
  local values = report:values()
  for facet, measures in pairs(expected) do
    for name, value in pairs(measures) do
      if value == "Infinity" then expect_eq(values[facet][name], math.huge)
      elseif value == "-Infinity" then expect_eq(values[facet][name], -math.huge)
      elseif value == json.null then expect_eq(values[facet][name] ~= values[facet][name], true)
      else expect_near(values[facet][name], value, 1e-9) end
    end
  end
end

test("pre- and post-training measures on Adult (sex = Female) match smclarify", function()
  local case = ref.adult_sex
  local opts = {facet = "sex", facet_values_or_threshold = {"Female"}, label_values_or_threshold = {1}, group_name = "race"}
  expect_matches(fair.clarify.pretraining(ds, opts), case.reports.pre_training)
  opts.features = features
  expect_matches(fair.clarify.posttraining(ds:column("y_pred"), ds, opts), case.reports.post_training)
end)

test("without facet values each race is compared with the rest, as smclarify does", function()
  local case = ref.adult_race
  expect_matches(fair.clarify.pretraining(ds, {facet = "race", group_name = "sex"}), case.reports.pre_training)
  expect_matches(fair.clarify.posttraining(ds:column("y_pred"), ds, {facet = "race", group_name = "sex", features = features}),
                 case.reports.post_training)
end)

test("COMPAS (race = African-American) matches smclarify", function()
  local path = test_data("compas-scores-two-years.csv")
  local compas = data.compas(path)
  local preds = data.csv("Tests/reference/compas_predictions.csv")
  local case = ref.compas_race
  local opts = {facet = "race", facet_values_or_threshold = {"African-American"}, group_name = "age_cat"}
  expect_matches(fair.clarify.pretraining(compas, opts), case.reports.pre_training)
  opts.features = case.features
  local post = fair.clarify.posttraining(preds:column("y_pred"), compas, opts)
  local expected = case.reports.post_training
  expect_near(post:values()["African-American"].FT, expected["African-American"].FT, 0.02)   -- tied neighbours (see ClarifyTests)
  expect_near(post:values()["African-American"].FT, case.ft_brute["African-American"], 1e-9)
  expected["African-American"].FT = nil
  expect_matches(post, expected)
end)

test("the report prints an aligned table of name, description and value, and its JSON has Clarify's shape", function()
  local r = fair.clarify.pretraining(ds, {facet = "sex", facet_values_or_threshold = "Female", methods = {"CI", "DPL", "CDDL"}})
  local text = tostring(r)
  expect_eq(text:match("Facet sex = Female %(n = 4913%) against the rest %(n = 10147%)") ~= nil, true)
  expect_eq(text:match("\nCDDL +Conditional Demographic Disparity in Labels +NaN +CDDL needs a group variable %(group_name%)") ~= nil, true)
  local dots = {}
  for line in text:gmatch("\n(%u+ [^\n]*)") do dots[#dots + 1] = line:find("%d%.%d") end
  expect_eq(#dots, 2)
  expect_eq(dots[1], dots[2])
  local doc = json.decode(r:to_json())
  expect_eq(doc.stage, "pre_training")
  expect_eq(doc.facets[1].value_or_threshold, "Female")
  expect_eq(doc.facets[1].metrics[2].name, "CI")
  expect_near(doc.facets[1].metrics[2].value, ref.adult_sex.reports.pre_training.Female.CI, 1e-12)
  expect_eq(doc.facets[1].metrics[1].error, "CDDL needs a group variable (group_name)")
  expect_eq(#fair.clarify.measures(), 21)
end)

test("a number is a threshold: the facet is the rows above it", function()
  local r = fair.clarify.pretraining(ds, {facet = "x_age", facet_values_or_threshold = 1, methods = {"CI"}})
  local above = 0
  local age = ds:column("x_age")
  for i = 1, #ds do if age[i] > 1 then above = above + 1 end end
  expect_near(r:values()["(1, inf)"].CI, (#ds - 2 * above) / #ds, 1e-12)
end)

test("bad input is an error a person can act on", function()
  local one = ds:with("only", (function() local t = {} for i = 1, #ds do t[i] = "x" end return t end)())
  expect_error(function() fair.clarify.pretraining(one, {facet = "only"}) end, "only one value %(x%)")
  expect_error(function() fair.clarify.pretraining(ds, {facet = "sex", facet_values_or_threshold = "female"}) end, "value 'female' matches no row of 'sex'")
  expect_error(function() fair.clarify.pretraining(ds, {facet = "sex", label_values_or_threshold = {7}}) end, "value '7' matches no row of 'y_true'")
  expect_error(function() fair.clarify.pretraining(ds, {facet = "x_age"}) end, "give facet_values_or_threshold")
  expect_error(function() fair.clarify.pretraining(ds, {facet = "sex", methods = {"FT"}}) end, "measures are: CDDL, CI")
  expect_error(function() fair.clarify.pretraining(ds, {facet = "sex", colour = 1}) end, "colour")
  local preds = {}
  for i = 1, #ds do preds[i] = 1 end
  preds[5] = 0 / 0
  expect_error(function() fair.clarify.posttraining(preds, ds, {facet = "sex"}) end, "prediction 5 is not a number")
  expect_error(function() fair.clarify.posttraining(ds:column("y_pred"), ds, {facet = "sex", features = {"race"}}) end, "'race' is categorical")
end)

test("fair.detect{clarify = true} adds Clarify's two reports per sensitive column, equal to fair.clarify's", function()
  local train, held_out = data.load("adult")
  local lr = nn.LogisticRegression{}:fit(train)
  local d = fair.detect(lr, train, held_out, {ci = 0, anchoring = false, clarify = true})
  local doc = json.decode(d:to_json())
  expect_eq(#doc.clarify, 4)   -- sex and race, pre- then post-training
  expect_eq(doc.clarify[1], json.decode(fair.clarify.pretraining(train, {facet = "sex"}):to_json()))
  expect_eq(doc.clarify[4], json.decode(fair.clarify.posttraining(lr:predict(held_out), held_out, {facet = "race"}):to_json()))
  expect_eq(tostring(d):find("Post-training bias (SageMaker Clarify) of 15060 rows", 1, true) ~= nil, true)
  expect_eq(#json.decode(fair.detect(lr, train, held_out, {ci = 0, anchoring = false}):to_json()).clarify, 0)
end)
