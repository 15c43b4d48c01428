-- attempt: a fresh budget for each Swift-to-plugin call: loop across many metric calls from plugin code
-- exit: 1
-- stderr: instruction limit exceeded
fair.metrics.register{name = "slow", per_group = function() for i = 1, 5e6 do end return 0 end}
while true do
  fair.MetricFrame{metrics = {"slow"}, y_true = {1, 0}, y_pred = {1, 1}, sensitive = {"a", "b"}}
end
