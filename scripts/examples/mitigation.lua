-- Mitigate a logistic regression's bias on Adult three ways and compare each with the baseline on the
-- test set: reweighing (pre-processing), correlation removal (pre-processing) and Fairlearn's
-- threshold optimizer (post-processing, demographic parity).
-- Run: fairlua scripts/examples/mitigation.lua

local train, test = data.load("adult")
local scale = data.transforms.Standardize():fit(train)
train, test = scale:transform(train), scale:transform(test)
local model = nn.LogisticRegression():fit(train)
print(string.format("baseline: accuracy %.4f, demographic parity difference %.4f (sex)",
  model:evaluate(test).accuracy, fair.demographic_parity_difference(test:labels(), model:predict(test), test:sensitive("sex"))))

for _, method in ipairs{"reweighing", "correlation_remover", "threshold_optimizer"} do
  local result = fair.mitigate(model, train, test, {method = method, seed = 1})
  print()
  print(result)
  print(string.format("accuracy cost %.4f", result:accuracy_cost()))
end

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
