-- The seeds' headline example, end to end on images: a conv net on the digits folders (Tests/fixtures/digits,
-- a synthetic "heavy" / "light" ink group per image), bias detection, mitigation by reweighing, evaluation.
-- Run from the repository root: fairlua run scripts/examples/seeds.lua
local T = data.transforms
local tf = T.Compose{T.ToTensor()}
local train = data.ImageFolderDataset("Tests/fixtures/digits/train", {transform = tf, groups = "groups.csv"})
local test = data.ImageFolderDataset("Tests/fixtures/digits/test", {transform = tf, groups = "groups.csv"})
local net = nn.Sequential()
net:add(nn.Conv2D(32, {kernel_size = 3}))
net:add(nn.Activation("relu"))
net:add(nn.Flatten())
net:add(nn.Dense(128, {activation = "relu"}))
net:add(nn.Dense(10))
nn.Trainer(net, {loss = nn.loss.SoftmaxCrossEntropy(), optimizer = optim.Adam{lr = 1e-3}}):fit(train, {epochs = 3, batch_size = 64, seed = 1})
local detection = fair.detect(net, train, test)
print(detection)
local mitigation = fair.mitigate(net, train, test, {method = "reweighing"})
print(mitigation)
print(json.encode(net:evaluate(test)))

-- Detection finds the ink groups' difference: class 8 is 13 % of the heavy-ink training images and 6 % of the light ones.
local found = {}
for _, f in ipairs(detection:findings()) do
  if f.kind == "label" and f.message:find("class '8'", 1, true) then found.balance = true end
  if f.kind == "label" and f.rule == "significant difference" then found.test = true end
end
assert(found.balance and found.test, "detection should find the ink groups' class imbalance")
-- Reweighing by group and class changes the model's differences between the groups.
local changed = false
for _, row in ipairs(mitigation:table()) do
  if row.measure:find("difference", 1, true) and row.before ~= row.after then changed = true end
end
assert(changed, "reweighing should change the differences between the ink groups")
assert(net:evaluate(test).accuracy >= 0.9, "three epochs should reach 90% on the digits")
