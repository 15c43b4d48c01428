-- Creates and drops many objects and errors across the API; run under valgrind (see README, Development):
-- every block must be freed by the time the process exits ("definitely lost: 0 bytes").
for i = 1, 20000 do
  local t = json.decode(json.encode({i, "x", {a = i}}))
  local ok = pcall(json.decode, "[1,")
  local ok2 = pcall(json.encode, {f = print})
end

-- Tensors and autograd, with errors raised from Swift.
for i = 1, 300 do
  local w = tensor.randn(8, 4):requires_grad()
  local loss = (w * w):sum()
  loss:backward()
  local g = w.grad:sum()
  local ok = pcall(function() return tensor.zeros(2, 3):matmul(tensor.zeros(2, 3)) end)
  local ok2 = pcall(function() return tensor{1}:get(math.mininteger) end)
end

-- Datasets, a model, metrics, a detection and a mitigation.
local train, test = data.load("german"):split{ratio = 0.7, seed = 1}
for i = 1, 3 do
  local model = nn.LogisticRegression():fit(train)
  local mf = fair.MetricFrame{metrics = {"selection_rate", "tpr"}, y_true = test:labels(), y_pred = model:predict(test),
                              sensitive = test:sensitive("sex")}
  local text = tostring(mf)
  local found = fair.detect(model, train, test, {ci = 0, anchoring = false})
  local mitigated = fair.mitigate(model, train, test, {method = "reweighing"})
  local ok = pcall(data.csv, "no such file.csv")
end

-- Coroutines that yield, finish and fail.
for i = 1, 1000 do
  local gen = coroutine.wrap(function() coroutine.yield(i) error("done") end)
  gen()
  pcall(gen)
end
