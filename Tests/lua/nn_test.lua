-- nn and optim from Lua: the Gluon loop, Trainer:fit, logistic regression, model files, bad input.

local function adult()
  local train, test = data.load("adult")
  local scale = data.transforms.Standardize():fit(train)
  return scale:transform(train), scale:transform(test)
end

test("the Gluon loop: record, backward, step", function()
  tensor.seed(1)
  local net = nn.Sequential():add(nn.Dense(8, {activation = "relu"})):add(nn.Dense(1))
  local trainer = nn.Trainer(net, {loss = nn.loss.SigmoidBCE(), optimizer = optim.SGD{lr = 0.5}})
  local x = tensor.randn(64, 3)
  local y = x:select(2, 1):gt(0)
  local bce = nn.loss.SigmoidBCE()
  local first, last
  for step = 1, 60 do
    local loss = autograd.record(function() return bce(net(x), y) end)
    loss:backward()
    trainer:step(64)
    local mean = loss:mean():item()
    first = first or mean
    last = mean
  end
  expect_eq(last < first / 2, true)
  local params = net:parameters()
  expect_eq(params["1.Dense.weight"]:shape(), {3, 8})
  expect_eq(params["2.Dense.bias"]:shape(), {1})
end)

test("an MLP on Adult reaches 84.5 % test accuracy, reproducibly", function()
  local train, test = adult()
  local function run()
    tensor.seed(1)
    local net = nn.Sequential{nn.Dense(64, {activation = "relu"}), nn.Dense(1)}
    local trainer = nn.Trainer(net, {loss = nn.loss.SigmoidBCE(), optimizer = optim.Adam{lr = 1e-3}})
    local epochs = 0
    local history = trainer:fit(train, {epochs = 10, batch_size = 256, seed = 1,
                                        on_epoch = function(epoch, stats) epochs = epoch end})
    expect_eq(#history, 10)
    expect_eq(epochs, 10)
    return net, history
  end
  local net, history = run()
  local metrics = net:evaluate(test)
  expect_eq(metrics.accuracy >= 0.845, true)
  expect_eq(metrics.roc_auc > 0.88, true)
  expect_eq(metrics.confusion.tp + metrics.confusion.fn, 3700)
  local again = select(2, run())
  expect_eq(again[10].loss, history[10].loss)
end)

test("the fairness penalty narrows the demographic-parity gap", function()
  local train = adult()
  local function gap(weight)
    tensor.seed(1)
    local net = nn.Sequential{nn.Dense(1)}
    local penalties = weight > 0 and {nn.loss.FairnessConstraint{constraint = "demographic_parity", weight = weight}} or {}
    nn.Trainer(net, {loss = nn.loss.SigmoidBCE(), optimizer = optim.Adam{lr = 1e-2}, penalties = penalties})
      :fit(train, {epochs = 4, batch_size = 512, seed = 1})
    return fair.demographic_parity_difference(train:labels(), net:predict(train), train:sensitive("sex"))
  end
  local plain, fair_gap = gap(0), gap(50)
  expect_eq(plain > 0.1, true)
  expect_eq(fair_gap < 0.03, true)
end)

test("logistic regression on a dataset; save and load a network", function()
  local train, test = adult()
  local lr = nn.LogisticRegression{C = 1.0}:fit(train)
  expect_eq(#lr:coef(), #lr:feature_names())
  expect_eq(lr:evaluate(test).accuracy > 0.84, true)
  local p = lr:predict_proba(test)
  expect_eq(p:shape(), {15060})

  tensor.seed(3)
  local net = nn.Sequential{nn.Dense(4, {activation = "tanh"}), nn.Dense(1)}
  local x = tensor.randn(5, 6)
  local before = net(x):totable()
  local path = os.tmpname()
  net:save(path)
  local loaded = nn.load(path)
  expect_eq(loaded(x):totable(), before)
  os.remove(path)
end)

test("Trainer:fit early stopping: patience 3 unless given, on the validation metric", function()
  tensor.seed(1)
  local x, y = tensor.randn({200, 4}), tensor.rand(200):lt(0.5)       -- labels of noise: validation never improves for long
  local vx, vy = tensor.randn({100, 4}), tensor.rand(100):lt(0.5)
  local function fit(stopping)
    tensor.seed(2)
    local net = nn.Sequential():add(nn.Dense(16, {activation = "relu"})):add(nn.Dense(1))
    return nn.Trainer(net, {loss = nn.loss.SigmoidBCE(), optimizer = optim.Adam{lr = 1e-2}})
      :fit({x = x, y = y}, {epochs = 60, batch_size = 50, seed = 1, validation = {x = vx, y = vy}, early_stopping = stopping})
  end
  local default, patient = fit({}), fit({patience = 10})
  expect_eq(#default < 60, true)
  expect_eq(#patient >= #default, true)
  expect_eq(#fit({patience = 3}), #default)
  expect_error(function() fit({patience = "long"}) end, "patience must be an integer")
  expect_error(function() fit({patience = 0}) end, "patience must be at least 1")
  expect_error(function() fit({metric = "f1"}) end, "metric must be 'loss' or 'accuracy'")
end)

test("bad input is a clear error", function()
  expect_error(function() nn.Dense(0) end, "units must be positive")
  expect_error(function() nn.Activation("swish") end, "unknown activation 'swish'; known: relu")
  expect_error(function() optim.Adam{lr = 1e-3, momentum = 0.9} end, "momentum")
  local net = nn.Sequential{nn.Dense(2, {in_units = 3})}
  expect_error(function() net(tensor.zeros(4, 5)) end, "Dense(2): expected input of shape (batch, 3), got (4, 5)")
  expect_error(function() nn.Trainer(net, {optimizer = optim.SGD{}}) end, "option 'loss' is required")
  expect_error(function() nn.loss.SoftmaxCrossEntropy()(tensor.zeros(2, 3), tensor{0, 3}) end, "label 3 at row 2 is outside 0…2")
  expect_error(function() nn.load("/nonexistent.safetensors") end, "cannot open /nonexistent.safetensors")
end)

test("the seeds' conv net learns to tell vertical from horizontal bars", function()
  tensor.seed(3)
  local n = 256
  local noise = (tensor.randn(n * 64) * 0.3):totable()
  local values, labels = {}, {}
  for i = 1, n do
    local class = i % 2
    labels[i] = class
    local at = (i * 7) % 6 + 2
    for r = 1, 8 do
      for c = 1, 8 do
        local k = (i - 1) * 64 + (r - 1) * 8 + c
        local bar = (class == 1 and c == at) or (class == 0 and r == at)
        values[k] = noise[k] + (bar and 1.5 or 0)
      end
    end
  end
  local x = tensor(values):reshape(n, 1, 8, 8)
  local y = tensor(labels)
  local net = nn.Sequential():add(nn.Conv2D(8, 3, {activation = "relu"})):add(nn.MaxPool2D(2))
                             :add(nn.Flatten()):add(nn.Dense(16, {activation = "relu"})):add(nn.Dense(2))
  local trainer = nn.Trainer(net, {loss = nn.loss.SoftmaxCrossEntropy(), optimizer = optim.Adam{lr = 1e-2}})
  trainer:fit({x = x, y = y}, {epochs = 8, batch_size = 32, seed = 1})
  expect_eq(net:evaluate(x, y).accuracy >= 0.95, true)
  expect_eq(net:predict(x):shape(), {n})
  net:summary({1, 1, 8, 8})
end)

test("Gluon keyword forms: Conv2D{kernel_size, strides, padding, dilation, use_bias}, MaxPool2D{pool_size, strides}, add(several)", function()
  local conv = nn.Conv2D(4, {kernel_size = 3, strides = 2, padding = 2, dilation = 2, activation = "relu", use_bias = false})
  -- a 3×3 kernel at dilation 2 spans 5 pixels: (9 + 4 − 5) / 2 + 1 = 5
  expect_eq(conv(tensor.ones(1, 1, 9, 9)):shape(), {1, 4, 5, 5})
  expect_eq(conv:parameters()["1.Conv2D.bias"], nil)
  expect_eq(nn.Conv2D(4, 3, {strides = 2})(tensor.ones(1, 1, 9, 9)):shape(), {1, 4, 4, 4})
  expect_eq(nn.MaxPool2D{pool_size = 3, strides = 1}(tensor.ones(1, 1, 5, 5)):shape(), {1, 1, 3, 3})
  expect_eq(nn.AvgPool2D(2, {strides = 1})(tensor.ones(1, 1, 5, 5)):shape(), {1, 1, 4, 4})
  local net = nn.Sequential()
  expect_eq(net:add(nn.Conv2D(2, {kernel_size = 3}), nn.Flatten(), nn.Dense(3, {activation = "relu", use_bias = false})), net)
  expect_eq(net(tensor.ones(2, 1, 5, 5)):shape(), {2, 3})
  expect_eq(net:parameters()["3.Dense.bias"], nil)
  expect_error(function() nn.Conv2D(2, {strides = 2}) end, "kernel_size is required")
  expect_error(function() nn.Conv2D(2, 3, {kernel_size = 3}) end, "unknown option 'kernel_size'")
  expect_error(function() nn.Conv2D(2, {kernel_size = 3, dilation = 0}) end, "dilation must be positive")
  expect_error(function() nn.MaxPool2D{pool_size = "x"} end, "option 'pool_size'")
  expect_error(function() net:add(nn.Flatten(), 3) end, "bad argument #3 to 'add'")
end)
