-- fair.pre.LFR from Lua: AIF360 0.6.1's LFR on the synthetic rows of Tests/reference/lfr_reference.json, and in fair.mitigate.

local ref = json.decode((function()
  local f = assert(io.open("Tests/reference/lfr_reference.json", "rb"))
  local text = f:read("a")
  f:close()
  return text
end)()).lfr

-- The reference rows as a CSV: the five features AIF360 saw (the group indicator g among them), the group
-- as the sensitive column, the label.
local function rows(group)
  local lines = {"a,b,c,e,g,group,y"}
  for i = 1, #ref.labels do
    local x = {}
    for f = 1, 5 do x[f] = string.format("%.17g", ref.features[(i - 1) * 5 + f]) end
    lines[#lines + 1] = table.concat(x, ",") .. "," .. (group or (ref.group[i] == 1 and "b" or "a")) .. "," .. math.tointeger(ref.labels[i])
  end
  return data.csv(temp_file(table.concat(lines, "\n") .. "\n"), {label = "y", positive = 1, sensitive = {"group"}, categorical = {"group"}})
end

-- The CSV's features are encoded in Float32, AIF360's were doubles: objectives agree to 1e-5.
test("LFR takes SciPy's path with the exact gradient and AIF360's with forward differences", function()
  local ds = rows()
  local lfr = fair.pre.LFR{k = 3, Ax = 0.01, Ay = 1, Az = 50, seed = 1, max_iter = 15}:fit(ds)
  expect_eq(tostring(lfr), "LFR(k = 3, Ax = 0.01, Ay = 1, Az = 50, max_iter = 15, seed = 1)")
  local o = lfr:optimization()
  expect_near(o.value, ref.exact.objective, 1e-5)
  expect_eq(o.iterations, 15)
  expect_eq(o.history[#o.history], o.value)
  expect_eq(#o.weights, 3)
  expect_eq(#o.prototypes[1], 5)
  local out = lfr:transform(ds)
  local labels = out:labels()
  for i = 1, #ref.exact.labels do expect_eq(labels[i], ref.exact.labels[i]) end
  expect_near(out:column("a")[1], ref.exact.features[1], 1e-4)
  local aif = fair.pre.LFR{k = 3, Ax = 0.01, Ay = 1, Az = 50, seed = 1, gradient = "forward"}:fit(ds)
  expect_near(aif:optimization().value, ref.aif360.objective, 1e-5)
  expect_eq(aif:transform(ds):labels():sum():item(), 400)   -- AIF360's run stops early, predicting every row positive
end)

test("LFR refuses a single group and bad options", function()
  expect_error(function() fair.pre.LFR{k = 2}:fit(rows("one")) end, "single group")
  expect_error(function() fair.pre.LFR{k = 0} end, "k must be in")
  expect_error(function() fair.pre.LFR{seed = -1} end, "seed must be in")
  expect_error(function() fair.pre.LFR{gradient = "central"} end, "unknown gradient 'central'")
  expect_error(function() fair.pre.LFR{}:transform(rows()) end, "call fit first")
  expect_error(function() fair.pre.Reweighing{}:optimization() end, "only LFR")
end)

test("LFR in fair.mitigate narrows the selection-rate gap on Adult", function()
  local train, testset = data.load("adult")
  local scale = data.transforms.Standardize():fit(train)
  train, testset = scale:transform(train), scale:transform(testset)
  local keep = {}
  for i = 1, 1000 do keep[i] = i end
  train, testset = train:select(keep), testset:select(keep)
  local model = nn.LogisticRegression():fit(train)
  local r = fair.mitigate(model, train, testset, {method = "lfr", k = 5, Az = 50, max_iter = 50, seed = 1})
  local before, after = r:before():difference().selection_rate, r:after():difference().selection_rate
  expect_eq(after < before / 2, true)
end)
