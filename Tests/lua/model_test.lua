-- The model lifecycle: fit on one split, save, load, score the other split, a subset lacking a level and
-- a CSV file with its columns in another order. (A fresh process does the same in Tests/cli/model_test.py.)

local function write(path, bytes)
  local f = assert(io.open(path, "wb"))
  f:write(bytes)
  f:close()
end

local german = data.load("german")
local train, held_out = german:split{ratio = 0.7, seed = 3, stratify = true}

test("subsets share the schema: same features for both splits and a filtered subset", function()
  local no_car = held_out:filter(held_out:column("purpose"):codes():ne(1))   -- drops one purpose level
  expect_eq(no_car:groups("purpose")[held_out:column("purpose"):levels()[1]], nil)
  expect_eq(train:feature_names(), held_out:feature_names())
  expect_eq(no_car:features():shape()[2], train:features():shape()[2])
  expect_eq(#train:feature_names(), 56)   -- personal_status (4 levels) dropped: it is sex, as in AIF360
end)

test("a logistic regression and a network save and load with their schema, predictions bit-exact", function()
  local lr = nn.LogisticRegression{C = 1.0}:fit(train)
  tensor.seed(4)
  local scale = data.transforms.Standardize():fit(train)
  local net = nn.Sequential{nn.Dense(8, {activation = "relu"}), nn.Dense(1)}
  nn.Trainer(net, {loss = nn.loss.SigmoidBCE(), optimizer = optim.Adam{lr = 1e-2}})
    :fit(scale:transform(train), {epochs = 3, batch_size = 64, seed = 1})
  local subset = held_out:filter(held_out:column("purpose"):codes():ne(2))
  for _, model in ipairs{lr, net} do
    local path = os.tmpname()
    model:save(path)
    local loaded = nn.load(path)
    expect_eq(loaded:feature_names(), model:feature_names())
    -- the network was fitted on standardised data: the loaded one standardises raw data with the saved statistics
    local data_for = model == net and function(ds) return scale:transform(ds) end or function(ds) return ds end
    expect_eq(loaded:predict_proba(held_out):totable(), model:predict_proba(data_for(held_out)):totable())
    expect_eq(loaded:predict(subset):totable(), model:predict(data_for(subset)):totable())
    expect_eq(loaded:evaluate(held_out).accuracy, model:evaluate(data_for(held_out)).accuracy)
    -- saving the loaded model gives the same file
    local again = os.tmpname()
    loaded:save(again)
    expect_eq(read_file(again) == read_file(path), true)
    os.remove(path) os.remove(again)
  end
end)

test("a CSV file with the columns in another order, extra columns and a new level", function()
  local lr = nn.LogisticRegression{}:fit(train)
  local path = os.tmpname()
  lr:save(path)
  local names = held_out:columns()
  local reversed = {}
  for k = #names, 1, -1 do reversed[#reversed + 1] = names[k] end
  local lines = {"extra," .. table.concat(reversed, ",")}
  for i = 1, 20 do
    local fields = {}
    for _, name in ipairs(reversed) do
      local c = held_out:column(name)
      local v = tostring(c):match("^Categorical") and c:get(i) or tostring(c[i])
      if name == "purpose" and i == 1 then v = "spaceship" end
      fields[#fields + 1] = '"' .. v .. '"'
    end
    lines[#lines + 1] = "7," .. table.concat(fields, ",")
  end
  local csv = os.tmpname()
  write(csv, table.concat(lines, "\n") .. "\n")
  local new = data.csv(csv, {label = "credit", positive = 1})
  local p = nn.load(path):predict_proba(new):totable()
  local expected = lr:predict_proba(held_out:select{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20}):totable()
  for i = 2, 20 do expect_eq(p[i], expected[i]) end
  expect_eq(p[1] ~= expected[1], true, "the unseen level encodes as all zeros")
  write(csv, "month,age\n6,30\n")
  expect_error(function() nn.load(path):predict(data.csv(csv)) end, "the data lacks columns 'status'")
  expect_error(function() nn.load(path):predict(data.csv(csv)) end, "found: month, age")
  os.remove(csv) os.remove(path)
end)

test("corrupt model files are errors naming the file", function()
  local path = os.tmpname()
  nn.LogisticRegression{}:fit(train):save(path)
  local good = read_file(path)
  write(path, good:sub(1, #good - 4))
  expect_error(function() nn.load(path) end, path .. " is not a valid FairLua model file: the data of")
  write(path, good:sub(1, 4))
  expect_error(function() nn.load(path) end, "shorter than the 8-byte header length")
  write(path, (good:gsub('"version":"2"', '"version":"7"')))
  expect_error(function() nn.load(path) end, "written by a newer FairLua (model format version 7")
  write(path, good:sub(1, 8) .. "#" .. good:sub(10))
  expect_error(function() nn.load(path) end, "its header is not safetensors JSON")
  expect_error(function() nn.Sequential{nn.Dense(2)}:save(path) end, "do not know their input size yet")
  expect_error(function() nn.LogisticRegression{}:save(path) end, "not fitted")
  os.remove(path)
end)

test("a fitted data.transforms pipeline saves and loads; files of the wrong kind are errors", function()
  local T = data.transforms
  local pipeline = T.Compose{T.Standardize(), T.OneHot()}:fit(train)
  local path = os.tmpname()
  pipeline:save(path)
  local loaded = T.load(path)
  expect_eq(loaded:transform(held_out):totable(), pipeline:transform(held_out):totable())
  local scale = T.Standardize():fit(train)
  scale:save(path)
  expect_eq(T.load(path):transform(held_out):column("age"):totable(), scale:transform(held_out):column("age"):totable())
  expect_error(function() nn.load(path) end, "it holds a data transform (load it with data.transforms.load)")
  nn.LogisticRegression{}:fit(train):save(path)
  expect_error(function() T.load(path) end, "it holds a LogisticRegression, not a data transform")
  expect_error(function() T.Standardize():save(path) end, "call :fit(dataset) first")
  expect_error(function() T.Compose{T.ToTensor()}:save(path) end, "image transforms have nothing fitted to save")
  local good = read_file(path)
  write(path, good:sub(1, 20))
  expect_error(function() T.load(path) end, path .. " is not a valid FairLua model file")
  os.remove(path)
end)

test("the reductions' mixtures save and load: probabilities and seeded decisions bit-exact", function()
  local scale = data.transforms.Standardize():fit(train)
  local fit_on, check_on = scale:transform(train), scale:transform(held_out)
  local reductions = {
    fair.inproc.ExponentiatedGradient{constraint = "demographic_parity", eps = 0.02},
    fair.inproc.GridSearch{constraint = "demographic_parity", grid_size = 5},
    fair.inproc.ExponentiatedGradient{constraint = "equalized_odds", epochs = 2,
                                      estimator = nn.Sequential{nn.Dense(4, {activation = "relu"}), nn.Dense(1)}},
  }
  for _, r in ipairs(reductions) do
    r:fit(fit_on)
    local path = os.tmpname()
    r:save(path)
    local loaded = nn.load(path)
    expect_eq(loaded:predict_proba(check_on):totable(), r:predict_proba(check_on):totable())
    expect_eq(loaded:predict(check_on):totable(), r:predict(check_on):totable())
    expect_eq(loaded:predict(held_out, {seed = 9}):totable(), r:predict(check_on, {seed = 9}):totable())
    local good = read_file(path)
    write(path, good:sub(1, #good - 8))
    expect_error(function() nn.load(path) end, path .. " is not a valid FairLua model file")
    os.remove(path)
  end
end)

test("post-processors wrap the model they post-process: predictions, seeded decisions and a saved file bit-exact", function()
  local lr = nn.LogisticRegression{C = 1.0}:fit(train)
  local subset = held_out:filter(held_out:column("purpose"):codes():ne(2))
  local methods = {
    fair.post.ThresholdOptimizer{constraint = "demographic_parity"},
    fair.post.ConstrainedThresholds{constraint = "demographic_parity", tolerance = 0.02, randomized = true},
    fair.post.EqOdds{privileged = "male"},
    fair.post.CalibratedEqOdds{privileged = "male"},
    fair.post.RejectOption{privileged = "male"},
  }
  for _, post in ipairs(methods) do
    expect_error(function() post:model(lr) end, "call fit first")
    post:fit(lr:predict_proba(train), train:labels(), train:sensitive())
    local model = post:model(lr)
    -- the 56 features and the sensitive sex and age
    expect_eq(tostring(model), "Model(LogisticRegression post-processed by " .. tostring(post):match("^%a+") .. " by sex, 60 features)")
    for _, ds in ipairs{held_out, subset} do
      local scores, groups = lr:predict_proba(ds), ds:sensitive()
      expect_eq(model:predict_proba(ds):totable(), post:predict_proba(scores, groups):totable())
      expect_eq(model:predict(ds, {seed = 5}):totable(), post:predict(scores, groups, {seed = 5}):totable())
    end
    local path = os.tmpname()
    model:save(path)
    local loaded = nn.load(path)
    expect_eq(loaded:predict(held_out, {seed = 5}):totable(), model:predict(held_out, {seed = 5}):totable())
    expect_eq(loaded:predict_proba(subset):totable(), model:predict_proba(subset):totable())
    local good = read_file(path)
    write(path, good:sub(1, #good - 8))
    expect_error(function() nn.load(path) end, path .. " is not a valid FairLua model file")
    os.remove(path)
  end
  expect_error(function() methods[1]:model(lr, {sensitive = "month"}) end, "'month' is not a categorical column of its schema")
  expect_error(function() methods[1]:model(nn.Sequential{nn.Dense(1)}) end, "the model has not seen a dataset")
end)
