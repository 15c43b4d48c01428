-- attempt: replace a host module's function through the fairlua table (modules are installed on first use)
-- host: -e "print(type(data.csv), pcall(fair.MetricFrame, 1))"
-- exit: 0
-- stdout: function	false	bad argument #1 to 'fair.MetricFrame' (table expected, got number)
if fairlua and fairlua.data then fairlua.data.csv = nil end
if fairlua and fairlua.fair then fairlua.fair.MetricFrame = function() return true end end
