-- attempt: a per_group metric that never returns, called by fairlua audit
-- host: audit {csv} --label y --prediction p --sensitive g --metrics spin
-- exit: 1
-- stderr: per_group_loops.lua: metric 'spin': instruction limit exceeded
fair.metrics.register{name = "spin", per_group = function(cm) while true do end end}
