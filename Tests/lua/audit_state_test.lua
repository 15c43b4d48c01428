-- fair.audit_state: the two shard states in Tests/fixtures/audit (fairlua audit --emit-state on the first 30 and
-- the last 50 rows of decisions.csv) merge to the audit of the whole file, checked against a MetricFrame.

local dir = "Tests/fixtures/audit/"

local function merged()
  return fair.audit_state(dir .. "decisions_1.state.json"):merge(fair.audit_state(dir .. "decisions_2.state.json"))
end

test("merged shard states report the whole file's rows", function()
  local r = merged():report()
  local ds = data.csv(dir .. "decisions.csv", {categorical = {"sex"}})
  local mf = fair.MetricFrame{metrics = {"selection_rate", "tpr", "fpr"}, y_true = ds:column("y"), y_pred = ds:column("p"),
                              sensitive = ds:column("sex")}
  expect_eq(r.n, 80)
  expect_eq(r.file, "decisions.csv")
  for _, g in ipairs(r.groups) do
    for _, name in ipairs({"selection_rate", "tpr", "fpr"}) do
      expect_near(g.metrics[name], mf:by_group()[g.key][name], 1e-12)
    end
  end
  expect_near(r.difference.selection_rate, mf:difference().selection_rate, 1e-12)
  expect_eq(r.intervals.replicates, 20)
  local low, high = r.intervals.overall.selection_rate[1], r.intervals.overall.selection_rate[2]
  expect_eq(low <= r.overall.selection_rate and r.overall.selection_rate <= high, true)
end)

test("merge order does not matter, and the text report names the data", function()
  local a = fair.audit_state(dir .. "decisions_2.state.json"):merge(fair.audit_state(dir .. "decisions_1.state.json"))
  expect_eq(a:report("json"), merged():report("json"))
  expect_eq(a:report("text"):sub(1, 40), "Audit of decisions.csv: 80 rows, 2 group")
  expect_eq(tostring(a), "AuditState: decisions.csv: 80 rows, 2 groups")
end)

test("saved states load back and bad arguments are errors", function()
  local path = temp_file("state.json")
  merged():save(path)
  expect_eq(fair.audit_state(path):report("json"), merged():report("json"))
  os.remove(path)
  expect_error(function() fair.audit_state(dir .. "missing.json") end, "missing.json")
  expect_error(function() merged():merge(42) end, "AuditState expected")
  expect_error(function() merged():report("pdf") end, "text, json, markdown or html expected")
end)
