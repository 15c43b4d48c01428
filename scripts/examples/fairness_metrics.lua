-- Measure a model's decisions for group fairness: the decisions of a scikit-learn logistic regression on
-- the Adult test set (committed with the reference values), examined by sex and by sex × race.
-- Run: fairlua --plugins scripts/plugins scripts/examples/fairness_metrics.lua

local test = data.csv("Tests/reference/adult_predictions.csv", {categorical = {"sex", "race"}})
local y, yhat, score = test:column("y_true"), test:column("y_pred"), test:column("score")
local sex, race = test:column("sex"), test:column("race")

local train = data.load("adult")
print(fair.data_bias(train, {privileged = {sex = "Male", race = "White"}}))

local mf = fair.MetricFrame{metrics = {"accuracy", "selection_rate", "tpr", "fpr", "ppv", "roc_auc"},
                            y_true = y, y_pred = yhat, y_score = score, sensitive = sex}
mf:ci{n = 500, seed = 1}
print()
print(mf)

print()
print(fair.MetricFrame{metrics = {"selection_rate", "tpr"}, y_true = y, y_pred = yhat, sensitive = {sex, race}})

print()
print(string.format("demographic parity difference %.4f, disparate impact %.4f (Male privileged)",
  fair.demographic_parity_difference(y, yhat, sex), fair.disparate_impact(y, yhat, sex, {privileged = "Male"})))
print(string.format("equalized odds difference %.4f, average odds difference %.4f",
  fair.equalized_odds_difference(y, yhat, sex), fair.average_odds_difference(y, yhat, sex, {privileged = "Male"})))

local tests = {fair.test.chi2(yhat, sex), fair.test.two_proportion(yhat, sex, {y_true = y, rate = "tpr"}),
               fair.test.fisher(yhat, sex)}
local p = {}
for i, t in ipairs(tests) do p[i] = t.p_value end
local holm = fair.test.adjust(p, {method = "holm"})
print()
for i, t in ipairs(tests) do
  print(string.format("%-52s statistic %10.4g  p %.3g  (Holm %.3g)", t.test, t.statistic, t.p_value, holm[i]))
end
