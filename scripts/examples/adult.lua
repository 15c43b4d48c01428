-- The headline experiment: does a model trained on the Adult census data treat women and men
-- differently, and what does fixing it cost?
-- Run: fairlua scripts/examples/adult.lua [REPORT.html]   (scripts/demo runs it after building)
-- Writes a self-contained HTML report (default adult-report.html) with the findings, tables and charts.

local report_path = arg[1] or "adult-report.html"

local train, test = data.load("adult")
local scale = data.transforms.Standardize():fit(train)
train, test = scale:transform(train), scale:transform(test)
print(string.format("Adult: %d training rows, %d test rows; label income >50K; sensitive: sex, race\n", #train, #test))

-- 1. Bias in the data, before any model.
print(fair.data_bias(train, {privileged = {sex = "Male", race = "White"}}))

-- 2. A model, and its bias on the test set: metrics by group with bootstrap intervals, tests, findings.
local model = nn.LogisticRegression{C = 1.0}:fit(train)
local report = fair.detect(model, train, test, {metrics = {"accuracy", "selection_rate", "tpr", "fpr"}, ci = 500, seed = 1})
print()
print("Findings on the model:")
for _, finding in ipairs(report:findings()) do print("  - " .. finding.rule .. ": " .. finding.message) end
print()
print(report:frame("sex"))

-- 3. Mitigation, three ways, each compared with the baseline on the same test rows.
local results = {}
for _, method in ipairs{"reweighing", "correlation_remover", "threshold_optimizer"} do
  results[#results + 1] = fair.mitigate(model, train, test, {method = method, seed = 1})
end

-- 4. In-training: a network with a demographic-parity penalty in its loss.
tensor.seed(1)
local net = nn.Sequential{nn.Dense(32, {activation = "relu"}), nn.Dense(1)}
nn.Trainer(net, {loss = nn.loss.SigmoidBCE(), optimizer = optim.Adam{lr = 3e-3},
                 penalties = {nn.loss.FairnessConstraint{constraint = "demographic_parity", weight = 20}}})
  :fit(train, {epochs = 8, batch_size = 256, seed = 1})
local yhat = net:predict(test)

print()
print("Before and after, on the test set (sex):")
local header = string.format("%-32s %9s %14s %14s %13s", "method", "accuracy", "DP difference", "EO difference", "disp. impact")
print(header)
print(string.rep("-", #header))
local y, sex = test:labels(), test:sensitive("sex")
local function row(name, decisions)
  local accuracy = fair.MetricFrame{metrics = "accuracy", y_true = y, y_pred = decisions, sensitive = sex}:overall().accuracy
  print(string.format("%-32s %9.4f %14.4f %14.4f %13.4f", name, accuracy,
    fair.demographic_parity_difference(y, decisions, sex), fair.equalized_odds_difference(y, decisions, sex),
    fair.disparate_impact(y, decisions, sex, {privileged = "Male"})))
end
row("baseline (logistic regression)", model:predict(test))
for _, r in ipairs(results) do row((r:method():gsub("_", " ")), r:decisions()) end
row("network + fairness penalty", net:predict(test))

-- 5. One self-contained HTML file: findings first, then tables and charts, then provenance.
report:html(report_path)
results[3]:html(report_path:gsub("%.html$", "") .. "-threshold.html")
print("\nwrote " .. report_path)
