-- The seeds' convolutional network on scikit-learn's 8x8 digits, stored as PNG folders (Tests/fixtures/digits),
-- with a synthetic group per image ("heavy" or "light" ink): accuracy overall and per group.
-- Run from the repository root: fairlua run scripts/examples/digits.lua
local T = data.transforms
local transform = T.Compose{T.ToTensor(), T.Normalize(0.5, 0.5)}
local root = "Tests/fixtures/digits/"
local train = data.ImageFolderDataset(root .. "train", {transform = transform, groups = "groups.csv"})
local test = data.ImageFolderDataset(root .. "test", {transform = transform, groups = "groups.csv"})
print(train)

local net = nn.Sequential{
  nn.Conv2D(32, 3, {padding = 1}), nn.Activation("relu"), nn.Flatten(),
  nn.Dense(128, {activation = "relu"}), nn.Dense(10),
}
local trainer = nn.Trainer(net, {loss = nn.loss.SoftmaxCrossEntropy(), optimizer = optim.Adam{lr = 1e-3}})
local history = trainer:fit(train, {epochs = 10, batch_size = 64, shuffle = true, seed = 1})
net:summary{1, 1, 8, 8}
print(string.format("last epoch: loss %.4f, %.1f s", history[#history].loss, history[#history].seconds))

local accuracy = net:evaluate(test).accuracy
print(string.format("test accuracy %.4f", accuracy))
local frame = fair.MetricFrame{metrics = {"accuracy", "selection_rate"}, y_true = test:labels():eq(3),
  y_pred = net:predict(test):eq(3), sensitive = test:sensitive()}
print("is it a 3? per ink group:")
print(frame)
assert(accuracy >= 0.95, "the conv net should reach 95% on the digits")
