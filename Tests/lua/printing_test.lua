-- What a person sees: objects and results print what they are; tables show report.digits significant digits.

local function frame()
  return fair.MetricFrame{metrics = {"selection_rate"}, y_true = {1, 0, 1, 0, 1, 0}, y_pred = {1, 0, 0, 1, 0, 0},
                          sensitive = {"a", "a", "a", "b", "b", "b"}}
end

test("in-processors print their class and the options given", function()
  expect_eq(tostring(fair.inproc.AdversarialDebiasing{epochs = 5}), "AdversarialDebiasing(epochs = 5)")
  expect_eq(tostring(fair.inproc.PrejudiceRemover{}), "PrejudiceRemover()")
  local train = data.load("german"):sample{n = 200, seed = 1}
  local gs = fair.inproc.GridSearch{grid_size = 3}:fit(train)
  expect_eq(tostring(gs):match("^GridSearch%(grid_size = 3%), fitted: best point %d of 3$") ~= nil, true)
end)

test("optimizers and trainers print their settings", function()
  expect_eq(tostring(optim.Adam{lr = 0.01}), "Adam(lr = 0.01, betas = {0.9, 0.999}, eps = 1e-08)")
  expect_eq(tostring(optim.SGD{lr = 0.1, momentum = 0.9}), "SGD(lr = 0.1, momentum = 0.9)")
  expect_eq(tostring(optim.schedule.step{step_size = 2}), "step(step_size = 2, factor = 0.1)")
  local net = nn.Sequential():add(nn.Dense(2, {in_units = 3}))
  expect_eq(tostring(nn.Trainer(net, {loss = nn.loss.SigmoidBCE(), optimizer = optim.SGD{lr = 0.1}})),
            "Trainer(Sequential(1 layer, 8 parameters), loss SigmoidBCE, SGD(lr = 0.1))")
end)

test("result tables print their contents, keyed by group", function()
  expect_eq(tostring(frame():by_group()), "{\n  a = {selection_rate = 0.33333333333333},\n  b = {selection_rate = 0.33333333333333}\n}")
  expect_eq(tostring(frame():by_group().b), "{selection_rate = 0.33333333333333}")
  expect_eq(tostring(frame():difference()), "{selection_rate = 0.0}")
end)

test("tables show 4 significant digits unless report.digits says otherwise", function()
  expect_eq(report.digits, 4)
  expect_eq(tostring(frame()):find("0.3333\n", 1, true) ~= nil, true)
  report.digits = 2
  local two = tostring(frame())
  report.digits = 4
  expect_eq(two:find("0.33\n", 1, true) ~= nil and two:find("0.333", 1, true) == nil, true)
  expect_error(function() report.digits = 0 end, "report.digits: an integer from 1 to 17 expected, got 0")
  expect_error(function() report.digits = "3" end, "an integer from 1 to 17 expected, got string")
  expect_eq(report.digits, 4)
end)

test("Float32 values print as the decimal they stand for (German's base rate is 0.7)", function()
  expect_eq(tostring(fair.data_bias(data.load("german"))):find("base rate 0.7\n", 1, true) ~= nil, true)
end)
