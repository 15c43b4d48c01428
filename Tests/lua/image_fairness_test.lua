-- fair.detect and fair.mitigate on image folders (the digits fixture: "heavy" and "light" ink groups).

local T = data.transforms
local digits = "Tests/fixtures/digits/"
local tf = T.Compose{T.ToTensor()}
local train_images = data.ImageFolderDataset(digits .. "train", {transform = tf, groups = "groups.csv"})
local test_images = data.ImageFolderDataset(digits .. "test", {transform = tf, groups = "groups.csv"})

local function trained()
  local net = nn.Sequential():add(nn.Conv2D(4, {kernel_size = 3, activation = "relu"}), nn.Flatten(), nn.Dense(10))
  nn.Trainer(net, {loss = nn.loss.SoftmaxCrossEntropy(), optimizer = optim.Adam{lr = 1e-2}}):fit(train_images, {epochs = 2, batch_size = 64, seed = 1})
  return net
end
local net = trained()

test("detect on image folders: class balance by group, the model by group, findings", function()
  local d = fair.detect(net, train_images, test_images)
  local bias = d:data_bias()
  expect_eq(bias.groups, {"heavy", "light"})
  expect_eq(bias.counts.heavy[9], 89)           -- class '8' (Lua index 9): 89 heavy and 42 light training images
  expect_eq(bias.counts.light[9], 42)
  expect_near(bias.balance["8"].heavy, 89 / 131, 1e-12)
  expect_eq(bias.test.dof, 9)
  local found = false
  for _, f in ipairs(d:findings()) do
    if f.kind == "label" and f.message:find("class '8'", 1, true) then found = true end
  end
  expect_eq(found, true)
  local m = d:model()
  expect_eq(m.sizes, {220, 230})
  local acc = net:evaluate(test_images).accuracy
  expect_near((m.by_group.heavy.accuracy * 220 + m.by_group.light.accuracy * 230) / 450, acc, 1e-12)
  expect_near(m.overall.accuracy, acc, 1e-12)
  expect_eq(m.demographic_parity_difference >= 0 and m.demographic_parity_difference <= 1, true)
  local text = tostring(d)
  expect_eq(text:find("Training data by group and class", 1, true) ~= nil, true)
  expect_eq(json.decode(d:to_json()).data_bias.counts.heavy[9], 89)
  local path = temp_file("")
  d:html(path)
  local html = read_file(path)
  os.remove(path)
  expect_eq(select(2, html:gsub("<svg", "")), 2)   -- a confusion-matrix heat map per group
end)

test("mitigate on image folders: reweighing and group-balanced sampling retrain a fresh copy", function()
  local r = fair.mitigate(net, train_images, test_images, {method = "reweighing"})
  expect_eq(r:method(), "reweighing")
  local rows, changed = r:table(), false
  for _, row in ipairs(rows) do if row.before ~= row.after then changed = true end end
  expect_eq(changed, true)
  expect_eq(rows[1].measure, "accuracy")
  expect_near(rows[1].before, net:evaluate(test_images).accuracy, 1e-12)
  expect_near(r:accuracy_cost(), rows[1].before - rows[1].after, 1e-12)
  expect_near(rows[1].after, r:model():evaluate(test_images).accuracy, 1e-12)
  -- the same seed, the same mitigated model
  expect_eq(fair.mitigate(net, train_images, test_images, {method = "reweighing"}):table()[1].after, rows[1].after)
  local b = fair.mitigate(net, train_images, test_images, {method = "group_balanced_sampling", seed = 3})
  expect_eq(b:method(), "group_balanced_sampling")
  expect_eq(json.decode(b:to_json()).method, "group_balanced_sampling")
end)

test("mitigate on image folders: fair_penalty on the softmax logits and adversarial debiasing, their options checked", function()
  local r = fair.mitigate(net, train_images, test_images, {method = "fair_penalty", constraint = "equalized_odds", weight = 5, seed = 2})
  expect_eq(r:method(), "fair_penalty")
  expect_near(r:table()[1].after, r:model():evaluate(test_images).accuracy, 1e-12)
  expect_error(function() fair.mitigate(net, train_images, test_images, {method = "fair_penalty", constraint = "nosuch"}) end, "constraints: demographic_parity")
  expect_error(function() fair.mitigate(net, train_images, test_images, {method = "reweighing", weight = 5}) end, "is an option of fair_penalty, not of reweighing")
  local a = fair.mitigate(net, train_images, test_images, {method = "adversarial_debiasing", constraint = "demographic_parity", adversary_loss_weight = 1})
  expect_eq(a:method(), "adversarial_debiasing")
  expect_near(a:table()[1].after, a:model():evaluate(test_images).accuracy, 1e-12)
  expect_error(function() fair.mitigate(net, train_images, test_images, {method = "adversarial_debiasing", weight = 1}) end, "'weight' is an option of fair_penalty")
end)

test("mitigate on image folders: threshold_optimizer on a one-vs-rest question", function()
  local r = fair.mitigate(net, train_images, test_images, {method = "threshold_optimizer", positive = "8"})
  expect_eq(r:method(), "threshold_optimizer (is it 8?)")
  local rows = {}
  for _, row in ipairs(r:table()) do rows[row.measure] = row end
  expect_eq(rows["selection_rate difference"].after < rows["selection_rate difference"].before, true)
  expect_eq(r:before():by_group().heavy ~= nil, true)
  expect_error(function() fair.mitigate(net, train_images, test_images, {method = "threshold_optimizer", positive = "x"}) end, "classes: 0, 1, 2")
end)

test("detect and mitigate on image folders refuse what does not apply, saying why", function()
  expect_error(function() fair.mitigate(net, train_images, test_images, {method = "threshold_optimizer"}) end, "positive = '3'")
  expect_error(function() fair.mitigate(net, train_images, test_images, {method = "nosuch"}) end, "methods for image folders: reweighing, group_balanced_sampling")
  expect_error(function() fair.mitigate(net, train_images, test_images, {}) end, "option 'method' is required")
  local fresh = nn.Sequential():add(nn.Flatten(), nn.Dense(10))
  expect_error(function() fair.mitigate(fresh, train_images, test_images, {method = "reweighing"}) end, "fit the network first")
  expect_error(function() fair.detect(nn.Sequential():add(nn.Flatten(), nn.Dense(3)), train_images, test_images) end, "3 class probabilities per row but the data has 10 classes")
  expect_error(function() fair.detect(net, train_images, data.load("german")) end, "ImageFolderDataset")
  expect_error(function() fair.detect(nn.LogisticRegression(), train_images, test_images) end, "nn.Sequential")
  expect_error(function() fair.detect(net, train_images, data.ImageFolderDataset(digits .. "test", {transform = tf})) end, "no groups")
  expect_error(function() fair.detect(net, train_images, test_images, {ci = 10}) end, "unknown option 'ci'")
end)

test("permutation_importance on an image folder occludes regions: drops by group and in the gap", function()
  local occ = explain.permutation_importance(net, test_images, {patch = 2})
  expect_eq(tostring(occ):match("^occlusion importance: 16 regions of 2 × 2 px on 8 × 8 images") ~= nil, true)
  local doc = json.decode(occ:to_json())
  expect_eq(doc.groups, {"heavy", "light"})
  expect_eq(doc.sizes, {220, 230})
  expect_eq(#doc.drops.gap, 4)
  expect_eq(#doc.drops.gap[1], 4)
  local heavy = occ:drops("heavy")
  -- every drop is the baseline minus the occluded accuracy, so it lies in [acc - 1, acc]
  for _, row in ipairs(heavy) do for _, v in ipairs(row) do
    expect_eq(v <= doc.baseline.by_group.heavy + 1e-12 and v >= doc.baseline.by_group.heavy - 1, true)
  end end
  expect_near(doc.drops.gap[1][1], doc.baseline.gap - math.abs((doc.baseline.by_group.heavy - doc.drops.by_group.heavy[1][1])
    - (doc.baseline.by_group.light - doc.drops.by_group.light[1][1])), 1e-12)
  expect_eq(occ:plot():match("^<svg") ~= nil, true)
  expect_error(function() occ:drops("nobody") end, "groups: heavy, light")
end)

test("disparity_attribution on an image folder is the same occlusion, default patch a quarter of the side", function()
  local occ = explain.disparity_attribution(net, test_images)
  expect_eq(json.decode(occ:to_json()).patch, 2)
  expect_error(function() explain.permutation_importance(net, test_images, {patch = 9}) end, "patch must be 1 to 8")
  expect_error(function() explain.permutation_importance(net, test_images, {fill = {0, 1}}) end, "one finite number per channel")
  expect_error(function() explain.permutation_importance(net, test_images, {repeats = 3}) end, "repeats")
end)
