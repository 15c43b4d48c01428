-- Mitigate a logistic regression's bias on Adult with every pre- and post-processing method and compare
-- each with the baseline on the test set (sex; Male privileged where a method needs it).
-- Run: fairlua scripts/examples/mitigation.lua

local train, test = data.load("adult")
local scale = data.transforms.Standardize():fit(train)
train, test = scale:transform(train), scale:transform(test)
local model = nn.LogisticRegression():fit(train)
print(string.format("baseline: accuracy %.4f, demographic parity difference %.4f (sex)",
  model:evaluate(test).accuracy, fair.demographic_parity_difference(test:labels(), model:predict(test), test:sensitive("sex"))))

local methods = {"reweighing", "disparate_impact_remover", "correlation_remover", "massaging", "preferential_sampling",
                 "drop_proxies", "threshold_optimizer", "reject_option", "eq_odds", "calibrated_eq_odds"}
local summary = {}
for _, method in ipairs(methods) do
  local result = fair.mitigate(model, train, test, {method = method, seed = 1, privileged = "Male"})
  print()
  print(result)
  summary[#summary + 1] = string.format("%-26s accuracy cost %7.4f   selection-rate gap %.4f -> %.4f", method, result:accuracy_cost(),
    result:before():difference().selection_rate, result:after():difference().selection_rate)
end
print()
for _, line in ipairs(summary) do print(line) end

-- The pieces can be used on their own, too.
local reweighed = fair.pre.Reweighing{sensitive = {"sex"}}:fit(train)
print()
print("reweighing weights (label 0, label 1): " .. json.encode(reweighed:weights()))
local to = fair.post.ThresholdOptimizer{constraint = "equalized_odds"}
to:fit(model:predict_proba(train), train:labels(), train:sensitive("sex"))
local decisions = to:predict(model:predict_proba(test), test:sensitive("sex"), {seed = 1})
print(string.format("equalized odds after thresholds: %.4f (before %.4f)",
  fair.equalized_odds_difference(test:labels(), decisions, test:sensitive("sex")),
  fair.equalized_odds_difference(test:labels(), model:predict(test), test:sensitive("sex"))))
