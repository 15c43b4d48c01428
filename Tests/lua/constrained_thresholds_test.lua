-- fair.post.ConstrainedThresholds (OxonFair's constrained thresholds, searched exactly) from Lua.

local ref = json.decode((function()
  local f = assert(io.open("Tests/reference/oxonfair_reference.json", "rb"))
  local text = f:read("a")
  f:close()
  return text
end)())

test("ConstrainedThresholds reaches the brute-force optimum", function()
  local set = ref.brute_force[1]
  local scores, y = tensor(set.score), tensor(set.y)
  for _, c in ipairs(set.cases) do
    if c.objective == "accuracy" or c.objective == "f1" or c.objective == "balanced_accuracy" then
      local t = fair.post.ConstrainedThresholds{constraint = c.rate, form = c.form, objective = c.objective,
                                                tolerance = c.form == "ratio" and 1 - c.bound or c.bound, minimum = c.bound}
      t:fit(scores, y, set.group)
      local point = t:point()
      expect_eq(point.satisfied, true)
      expect_near(point.value, c.best, 1e-12)
      local rules = t:rules()
      expect_eq(rules.g0.p0, 1)
    end
  end
end)

test("ConstrainedThresholds prints its point and frontier", function()
  local set = ref.brute_force[1]
  local t = fair.post.ConstrainedThresholds{tolerance = 0.05}:fit(tensor(set.score), tensor(set.y), set.group)
  expect_eq(tostring(t):find("maximise accuracy subject to selection_rate difference ≤ 0.05", 1, true) ~= nil, true)
  local f = t:frontier(10)
  expect_eq(tostring(f):find("Pareto frontier: accuracy against selection_rate difference", 1, true) ~= nil, true)
  local rows = f:rows()
  expect_eq(#rows >= 2, true)
  for i = 2, #rows do expect_eq(rows[i].constraint > rows[i - 1].constraint and rows[i].objective > rows[i - 1].objective, true) end
  expect_eq(f:plot():find("<svg", 1, true) ~= nil, true)
end)

test("ConstrainedThresholds through mitigate, with inferred groups", function()
  local train, testset = data.load("adult")
  local scale = data.transforms.Standardize():fit(train)
  train, testset = scale:transform(train):sample{n = 3000, seed = 1}, scale:transform(testset):sample{n = 3000, seed = 2}
  local model = nn.LogisticRegression():fit(train)
  for _, inferred in ipairs{false, true} do
    local r = fair.mitigate(model, train, testset, {method = "constrained_thresholds", inferred = inferred, tolerance = 0.02})
    expect_eq(r:after():difference().selection_rate < r:before():difference().selection_rate, true)
    expect_eq(r:after():overall().accuracy > 0.75, true)
  end
end)

test("ConstrainedThresholds refuses bad bounds and reports infeasible ones", function()
  expect_error(function() fair.post.ConstrainedThresholds{tolerance = 0} end, "tolerance must be > 0")
  expect_error(function() fair.post.ConstrainedThresholds{form = "minimum", constraint = "tpr", minimum = 1.5} end, "minimum must be in (0, 1]")
  expect_error(function() fair.post.ConstrainedThresholds{constraint = "nope"} end, "unknown constraint 'nope'")
  expect_error(function() fair.post.ConstrainedThresholds{form = "sideways"} end, "unknown form 'sideways'")
  local t = fair.post.ConstrainedThresholds{constraint = "ppv", tolerance = 0.01}
  t:fit(tensor{0.9, 0.8, 0.7, 0.6, 0.1}, tensor{0, 1, 1, 1, 0}, {"a", "a", "b", "b", "b"})
  expect_eq(t:point().satisfied, false)
  expect_near(t:point().constraint, 1 / 6, 1e-6)
  expect_eq(tostring(t):find("infeasible", 1, true) ~= nil, true)
  expect_error(function() fair.post.ConstrainedThresholds{inferred = true}:fit(tensor{0.1, 0.9}, tensor{0, 1}, {"a", "b"}) end, "use fair.mitigate")
end)
