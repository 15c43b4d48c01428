-- fair.regression from Lua, against scikit-learn (MAE, RMSE, R² per group) and SciPy (ks_2samp, wasserstein_distance)
-- (Tests/reference/generate_clarify.py): Adult's standardised hours per week against the committed score.

local ref = json.decode(read_file("Tests/reference/clarify_reference.json")).regression
local ds = data.csv("Tests/reference/adult_predictions.csv", {label = "y_true", positive = 1, sensitive = {"sex", "race"}})
-- The columns as Lua numbers (doubles), read from the file: a dataset's numeric column reaches Lua as a Float32 tensor.
local function doubles(name)
  local lines = read_file("Tests/reference/adult_predictions.csv"):gmatch("[^\n]+")
  local k, i = nil, 0
  for field in lines():gmatch("[^,]+") do i = i + 1 if field == name then k = i end end
  local out = {}
  for line in lines do
    local j = 0
    for field in line:gmatch("[^,]+") do j = j + 1 if j == k then out[#out + 1] = tonumber(field) end end
  end
  return out
end
local y, yhat = doubles("x_hours-per-week"), doubles("score")

test("by group errors, R², mean prediction and the distances match scikit-learn and SciPy", function()
  for _, attribute in ipairs({"sex", "race"}) do
    local expected = ref["adult_" .. attribute]
    local r = fair.regression{y_true = y, y_pred = yhat, sensitive = ds:sensitive(attribute)}:result()
    for _, key in ipairs({"mae", "rmse", "r2", "mean_prediction", "ks_to_overall", "wasserstein_to_overall"}) do
      for group, value in pairs(expected[key]) do expect_near(r[key][group], value, 1e-9) end
    end
    for _, key in ipairs({"mae", "rmse", "r2"}) do expect_near(r.overall[key], expected.overall[key], 1e-9) end
    expect_near(r.ks, expected.ks, 1e-9)
    expect_near(r.wasserstein, expected.wasserstein, 1e-9)
  end
end)

test("the permutation test is seeded; the result prints itself and gives JSON", function()
  local a = fair.regression{y_true = y, y_pred = yhat, sensitive = ds:sensitive("sex"), permutations = 20, seed = 3}
  local b = fair.regression{y_true = y, y_pred = yhat, sensitive = ds:sensitive("sex"), permutations = 20, seed = 3}
  expect_eq(a:result().ks_p_value, b:result().ks_p_value)
  expect_near(a:result().ks_p_value, 1 / 21, 1e-12)
  local text = tostring(a)
  expect_eq(text:match("largest Kolmogorov%-Smirnov distance [%d.]+ %(Female vs Male%), permutation p = [%d.]+ %(20 permutations, seed 3%)") ~= nil, true)
  expect_eq(text:match("\nFemale +4913 ") ~= nil, true)
  expect_eq(json.decode(a:to_json()).ks_pair[1], "Female")
end)

test("a bound on each group's mean squared error, small groups flagged, and bad input", function()
  local r = fair.regression{y_true = {0, 0, 0, 0}, y_pred = {0, 1, 0, 3}, sensitive = {"a", "a", "b", "b"}, bound = 1}
  expect_eq(r:result().within_bound, {a = true, b = false})
  expect_eq(tostring(r):match("fails for b") ~= nil, true)
  expect_eq(tostring(r):match("a %(small%)") ~= nil, true)
  expect_error(function() fair.regression{y_true = {0, 1}, y_pred = {0, 0 / 0}, sensitive = {"a", "b"}} end, "y_pred 2 is not a finite number")
  expect_error(function() fair.regression{y_true = {0, 1}, y_pred = {0, 1}, sensitive = {"a", "a"}} end, "at least two")
  expect_error(function() fair.regression{y_true = {0, 1}, y_pred = {0, 1}} end, "sensitive")
  expect_error(function() fair.regression{y_true = {0, 1}, y_pred = {0, 1}, sensitive = {"a", "b"}, permutations = -1} end, "permutations")
end)
