-- attempt: a per_group metric that allocates without bound, called by fairlua audit
-- host: audit {csv} --label y --prediction p --sensitive g --metrics hog
-- exit: 1
-- stderr: per_group_allocates.lua: metric 'hog': not enough memory
fair.metrics.register{name = "hog", per_group = function(cm) local t = {} for i = 1, 1e9 do t[i] = i end end}
