-- The API fuzzer: random calls of every function and method reachable from FairLua's globals and from
-- the objects earlier calls returned, with extreme arguments. Each call is written to stderr before it
-- is made, so a crash or a hang names its reproduction (the driver, Tests/fuzz/run.py, shows the last one).
-- usage: fairlua --quiet Tests/fuzz/fuzz.lua SEED CALLS    (run it in an empty scratch directory)
local seed, calls = math.tointeger(tonumber(arg[1])) or 1, math.tointeger(tonumber(arg[2])) or 10000
math.randomseed(seed)
tensor.seed(seed)
local err = io.stderr

-- A small data file, so that datasets are cheap to build and every loader has something to read.
do
  local f = assert(io.open("small.csv", "w"))
  f:write("x1,x2,s,y\n")
  for i = 1, 24 do f:write(string.format("%d,%g,%s,%d\n", i, i * 0.5, i % 3 == 0 and "a" or "b", i % 2)) end
  f:close()
end

-- Values: each with the Lua source that rebuilds it, for the printed reproduction. Paths are relative
-- only: functions that write files replace their target, and run as root the fuzzer must not replace
-- /dev/null (devices and other absolute paths are tested in Tests/lua/regression_test.lua instead).
local values = {}
local function value(v, src) values[#values + 1] = { v = v, src = src } end
for _, e in ipairs{ "0", "1", "-1", "2", "3", "7", "0.5", "-0.0", "1e-300", "255", "65536", "2^31", "2^32", "2^53", "-2^53",
                    "2^62", "-2^62", "2^40", "1e308", "-1e308", "math.maxinteger", "math.mininteger", "math.maxinteger - 1",
                    "0/0", "math.huge", "-math.huge", "nil", "true", "false",
                    "''", "'x'", "'y'", "'s'", "'x1'", "'a'", "'german'", "'relu'", "'mean'", "'accuracy'", "'selection_rate'",
                    "'small.csv'", "'missing/f'", "'.'", "'\\0'", "'\\255\\254'",
                    "('a'):rep(100000)", "'%s%n'",
                    "{}", "{1, 2, 3}", "{{1, 2}, {3}}", "{{1, 2}, {3, 4}}", "{0}", "{-1}", "{2^62}", "{math.maxinteger, 0}",
                    "{0/0, math.huge}", "{'a', 'b'}", "{a = 1}", "{1, nil, 3}", "{[0] = 1}", "{{}}", "{'x1', 'x2'}",
                    "{label = 'y', positive = 1, sensitive = {'s'}}", "{epochs = 1, batch_size = 4}", "{seed = 1}" } do
  value(load("return " .. e)(), e)
end
do
  local t = {} t[1] = t value(t, "(function() local t = {} t[1] = t return t end)()")
  local deep = {} for _ = 1, 300 do deep = { deep } end value(deep, "(300 nested tables)")
  local big = {} for i = 1, 100000 do big[i] = i end value(big, "(a table of 100000 numbers)")
end
value(function() error("boom") end, "function() error('boom') end")
value(function() error(setmetatable({}, { __tostring = function() error("again") end })) end, "function() error(<object whose __tostring errors>) end")
value(function() return 0/0 end, "function() return 0/0 end")
value(function(...) return ... end, "function(...) return ... end")
value(function() local n = 0 for i = 1, 100000 do n = n + i end return n end, "function() <a loop of 100000> end")
value(function() return tensor{1, 2} end, "function() return tensor{1, 2} end")

-- Callables: every function in the API tables (depth ≤ 3), named by their path.
local callables = {}
local function collect(t, path, depth)
  for k, v in pairs(t) do
    local name = path .. "." .. tostring(k)
    if type(v) == "function" then callables[#callables + 1] = { f = v, name = name }
    elseif type(v) == "table" and depth < 3 then collect(v, name, depth + 1) end
  end
end
for _, g in ipairs{ "tensor", "autograd", "nn", "optim", "data", "fair", "explain", "report", "plot", "json" } do collect(_G[g], g, 0) end
table.sort(callables, function(a, b) return a.name < b.name end)      -- pairs order must not change a seed's run

-- Objects returned by earlier calls (with the call that made them), plus a few to start from.
local objects = {}
local function remember(v, src)
  if type(v) == "userdata" or (type(v) == "table" and getmetatable(v)) then
    if #objects < 200 then objects[#objects + 1] = { v = v, src = src }
    else objects[math.random(#objects)] = { v = v, src = src } end
  elseif type(v) == "table" and #values < 400 then value(v, src) end
end
for _, e in ipairs{ "tensor{1, 2, 3}", "tensor.zeros(2, 3)", "tensor.zeros(0, 3)", "tensor{{1, 0}, {0, 1}}", "tensor.rand(4, 1, 3, 3)",
                    "data.csv('small.csv', {label = 'y', positive = 1, sensitive = {'s'}})", "nn.Sequential():add(nn.Dense(2))", "nn.Dense(3)",
                    "optim.SGD{lr = 0.1}", "nn.loss.SigmoidBCE()", "fair.metric.Accuracy()", "nn.Conv2D(1, 2, 3)",
                    "fair.MetricFrame{metrics = {'accuracy', 'selection_rate'}, y_true = tensor{1, 0, 1, 0}, y_pred = tensor{1, 1, 0, 0}, sensitive = {'a', 'a', 'b', 'b'}}",
                    "data.DataLoader(data.csv('small.csv', {label = 'y', positive = 1, sensitive = {'s'}}), {batch_size = 4})",
                    "nn.LogisticRegression()", "nn.Sequential():add(nn.Dense(2)):add(nn.Dense(1))", "nn.MaxPool2D(2)",
                    "fair.metric.DemographicParity()", "data.transforms.Resize(4)", "nn.Dropout(0.5)", "nn.BatchNorm()",
                    "nn.Trainer(nn.Sequential():add(nn.Dense(1)), {loss = nn.loss.SigmoidBCE(), optimizer = optim.SGD{lr = 0.1}})" } do
  local ok, v = pcall(load("return " .. e))
  if ok then remember(v, e) end
end

local n = 0
-- Numbers are drawn more often than their share of the pool: sizes, indices and counts are where
-- defects hide.
local numbers = {}
for _, e in ipairs(values) do if type(e.v) == "number" then numbers[#numbers + 1] = e end end
local function pick()
  local e = math.random() < 0.4 and numbers[math.random(#numbers)] or values[math.random(#values)]
  return e.v, e.src
end
-- An object is named by the call that returned it: "obj[#12.1]" is call 12's first result.
local function object() local o = objects[math.random(#objects)] return o.v, "obj[" .. o.src .. "]" end
local function argument()
  local r = math.random()
  if r < 0.3 and #objects > 0 then return object() end
  return pick()
end
-- Option tables built from the option names the functions themselves report as valid ("unknown option
-- 'x'; valid options: …"): per function once it has told them, else from all names seen so far.
local optionNames = { "label", "sensitive", "seed", "epochs", "batch_size", "lr", "n", "metric", "metrics", "padding", "stride" }
local optionsOf = {}
local function options(fname)
  local names = optionsOf[fname] and math.random() < 0.8 and optionsOf[fname] or optionNames
  local t, parts = {}, {}
  for _ = 1, math.random(0, 3) do
    local k = names[math.random(#names)]
    local v, src = argument()
    t[k] = v
    parts[#parts + 1] = k .. " = " .. src
  end
  return t, "{" .. table.concat(parts, ", ") .. "}"
end
local function learn(message, fname)
  local list = type(message) == "string" and message:match("valid options: ([%w_, ]+)")
  if not list then return end
  optionsOf[fname] = {}
  for name in list:gmatch("[%w_]+") do
    table.insert(optionsOf[fname], name)
    local known = false
    for _, k in ipairs(optionNames) do if k == name then known = true break end end
    if not known then optionNames[#optionNames + 1] = name end
  end
end

local function arguments(fname, first)
  local args, srcs = {}, {}
  local count = math.random(0, 4)
  if first then args[1], srcs[1] = first[1], first[2] end
  local start = #args
  for i = start + 1, start + count do
    if math.random() < 0.25 then args[i], srcs[i] = options(fname) else args[i], srcs[i] = argument() end
  end
  return args, srcs, start + count
end

-- `name(args…)`, or `expression` alone when given (operators, indexing).
local function call(name, f, args, srcs, nargs, expression)
  n = n + 1
  err:write("@", n, " ", expression or (name .. "(" .. table.concat(srcs, ", ", 1, nargs) .. ")"), "\n")
  local results = table.pack(pcall(f, table.unpack(args, 1, nargs)))
  if results[1] then
    for i = 2, math.min(results.n, 4) do remember(results[i], "#" .. n .. "." .. (i - 1)) end
  else
    learn(results[2], name)
  end
end

local binary = { "+", "-", "*", "/", "^", "..", "==", "<", "<=" }
while n < calls do
  local r = math.random()
  if r < 0.4 or #objects == 0 then
    local c = callables[math.random(#callables)]
    local args, srcs, nargs = arguments(c.name)
    call(c.name, c.f, args, srcs, nargs)
  elseif r < 0.85 then
    local o, osrc = object()
    local mt = getmetatable(o)
    local methods = type(mt) == "table" and (type(mt.__methods) == "table" and mt.__methods or type(mt.__index) == "table" and mt.__index)
    if methods then
      local names = {}
      for k in pairs(methods) do names[#names + 1] = k end
      table.sort(names)
      if #names > 0 then
        local m = names[math.random(#names)]
        local args, srcs, nargs = arguments(m, { o, osrc })
        call(m, methods[m], args, srcs, nargs, osrc .. ":" .. m .. "(" .. table.concat(srcs, ", ", 2, nargs) .. ")")
      end
    end
  elseif r < 0.97 then
    local o, osrc = object()
    local v, vsrc = argument()
    local op = binary[math.random(#binary)]
    local which = math.random(6)
    if which == 1 then call("#", function(a) return #a end, { o }, { osrc }, 1, "#" .. osrc)
    elseif which == 2 then call("tostring", tostring, { o }, { osrc }, 1)
    elseif which == 3 then call("[]", function(a, k) return a[k] end, { o, v }, { osrc, vsrc }, 2, osrc .. "[" .. vsrc .. "]")
    elseif which == 4 then call("()", function(a, b) return a(b) end, { o, v }, { osrc, vsrc }, 2, osrc .. "(" .. vsrc .. ")")
    else
      local f = load("local a, b = ... return a " .. op .. " b")
      if math.random(2) == 1 then call(op, f, { o, v }, { osrc, vsrc }, 2, osrc .. " " .. op .. " " .. vsrc)
      else call(op, f, { v, o }, { vsrc, osrc }, 2, vsrc .. " " .. op .. " " .. osrc) end
    end
  else
    -- A closed object: its __close / __gc run early, then it is used again.
    local o, osrc = object()
    local mt = getmetatable(o)
    local close = type(mt) == "table" and (mt.__close or mt.__gc)
    if close then call("close(" .. osrc .. ")", close, { o }, { osrc }, 1) end
  end
  if n % 1000 == 0 then collectgarbage("step", 100) end
end
err:write("fuzz: ", n, " calls, seed ", seed, ", no crash\n")
