-- attempt: an fn metric that never returns, called by a MetricFrame of the main script
-- host: -e "fair.MetricFrame{metrics = {'spin'}, y_true = {1, 0}, y_pred = {1, 1}, sensitive = {'a', 'b'}}"
-- exit: 1
-- stderr: fn_loops_in_metricframe.lua: metric 'spin': instruction limit exceeded
fair.metrics.register{name = "spin", fn = function() while true do end end}
