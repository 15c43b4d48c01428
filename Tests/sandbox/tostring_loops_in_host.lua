-- attempt: a metric returning a table whose __tostring loops (the host names its type, never calls it)
-- host: audit {csv} --label y --prediction p --sensitive g --metrics t
-- exit: 1
-- stderr: metric 't' must return a number, returned table
fair.metrics.register{name = "t", per_group = function()
  return setmetatable({}, {__tostring = function() while true do end end})
end}
