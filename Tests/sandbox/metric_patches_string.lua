-- attempt: a metric run later by the host patching the string library from inside the call
-- host: audit {csv} --label y --prediction p --sensitive g --metrics patch --format json
-- exit: 0
-- stderr:
fair.metrics.register{name = "patch", per_group = function() string.format = nil return 1 end}
