-- data.ImageFolderDataset and the image transforms from Lua (run from the repository root).

local T = data.transforms
local digits = "Tests/fixtures/digits/"
local images = "Tests/fixtures/images/"

local function folder(files)
  local root = os.tmpname()
  os.remove(root)
  for target, source in pairs(files) do
    local dir = (root .. "/" .. target):match("(.*)/")
    assert(os.execute("mkdir -p '" .. dir .. "' && cp '" .. images .. source .. "' '" .. root .. "/" .. target .. "'"))
  end
  return root
end

test("digits folder: classes, groups, tensors", function()
  local ds = data.ImageFolderDataset(digits .. "train", {groups = "groups.csv"})
  expect_eq(#ds, 1347)
  expect_eq(ds:classes()[1], "0")
  expect_eq(ds:groups(), {heavy = 666, light = 681})
  local x, y, a = ds:tensors()
  expect_eq(x:shape(), {1347, 8, 8, 1})
  expect_eq(y:max():item(), 9)
  expect_eq(a:min():item(), 1)
  local img, label, group = ds:get(1)
  expect_eq(img:shape(), {8, 8, 1})
  expect_eq(label, 0)
  expect_eq(group, "light")
  expect_eq(ds:files()[1], "0/0000.png")
end)

test("ToTensor, Normalize, Resize and a seeded flip", function()
  local plain = data.ImageFolderDataset(digits .. "test")
  local ds = data.ImageFolderDataset(digits .. "test", {transform = T.Compose{T.Resize(16), T.ToTensor(), T.Normalize({0.5}, {0.25})}})
  local x = ds:tensors()
  expect_eq(x:shape(), {450, 1, 16, 16})
  expect_near(x:min():item(), -2, 1e-6)
  expect_near(x:max():item(), 2, 1e-6)
  local raw = plain:get(1)
  local flip = data.ImageFolderDataset(digits .. "test", {transform = T.RandomHorizontalFlip{p = 1}})
  local mirrored = flip:get(1)
  expect_eq(mirrored:get(1, 1, 1), raw:get(1, 8, 1))
  local function draws(seed)
    local f = data.ImageFolderDataset(digits .. "test", {transform = T.Compose{T.ToTensor(), T.RandomHorizontalFlip{p = 0.5, seed = seed}}})
    return f:tensors():sum():item()
  end
  expect_eq(draws(7), draws(7))
end)

test("a conv net trains on the images and is scored per group", function()
  local tf = T.Compose{T.ToTensor(), T.Normalize(0.5, 0.5)}
  local train = data.ImageFolderDataset(digits .. "train", {transform = tf, groups = "groups.csv"})
  local test = data.ImageFolderDataset(digits .. "test", {transform = tf, groups = "groups.csv"})
  local net = nn.Sequential{nn.Conv2D(8, 3, {padding = 1, activation = "relu"}), nn.Flatten(), nn.Dense(10)}
  nn.Trainer(net, {loss = nn.loss.SoftmaxCrossEntropy(), optimizer = optim.Adam{lr = 1e-2}})
    :fit(train, {epochs = 3, batch_size = 64, seed = 1})
  local accuracy = net:evaluate(test).accuracy
  assert(accuracy > 0.9, "accuracy " .. accuracy)
  -- Fairness metrics are binary: "is it a 3?", per ink group.
  local frame = fair.MetricFrame{metrics = {"accuracy"}, y_true = test:labels():eq(3), y_pred = net:predict(test):eq(3),
                                 sensitive = test:sensitive()}
  assert(frame:overall().accuracy >= accuracy, "one-vs-rest accuracy is at least the 10-class accuracy")
  assert(frame:by_group().heavy.accuracy > 0.9 and frame:by_group().light.accuracy > 0.9)
end)

test("bad folders and transforms are errors naming the image", function()
  local mixed = folder{["a/1.png"] = "gray8.png", ["b/2.png"] = "wide.png"}
  expect_error(function() data.ImageFolderDataset(mixed) end, "b/2.png: is 3x6 but a/1.png is 3x4; add data.transforms.Resize")
  expect_eq(data.ImageFolderDataset(mixed, {transform = T.Resize(4, 4)}):tensors():shape(), {2, 4, 4, 1})
  local broken = folder{["a/1.png"] = "gray8.png", ["b/2.jpg"] = "truncated.jpg"}
  expect_error(function() data.ImageFolderDataset(broken) end, "b/2.jpg: corrupt or truncated image")
  local garbage = folder{["a/1.png"] = "garbage.png"}
  expect_error(function() data.ImageFolderDataset(garbage) end, "a/1.png: not a PNG or JPEG file")
  expect_error(function() data.ImageFolderDataset(mixed, {groups = "nothing.csv"}) end, "nothing.csv")
  expect_error(function() data.ImageFolderDataset(mixed, {transform = T.Standardize()}) end, "only image steps")
  expect_error(function() data.ImageFolderDataset(mixed, {colour = "rgb"}) end, "colour")
  expect_error(function() T.Compose{T.Normalize(0.5, 0.5)}:fit(data.load("german")) end, "image transforms apply to images")
  expect_error(function() data.ImageFolderDataset(mixed, {transform = T.Normalize(0.5, 0.5)}) end, "ToTensor() before Normalize")
  expect_error(function() T.Resize(0) end, "positive")
  expect_error(function() T.RandomHorizontalFlip{p = 2} end, "p must be in [0, 1]")
  expect_error(function() data.ImageFolderDataset(digits .. "test"):get(451) end, "out of range")
  expect_error(function() data.ImageFolderDataset(digits .. "test"):sensitive() end, "no groups")
  for _, dir in ipairs{mixed, broken, garbage} do os.execute("rm -rf '" .. dir .. "'") end
end)
