-- attempt: a metric raising an error object with a looping __tostring, rendered by the host
-- host: audit {csv} --label y --prediction p --sensitive g --metrics bad
-- exit: 1
-- stderr: metric 'bad': (error object is a table value)
fair.metrics.register{name = "bad", per_group = function()
  error(setmetatable({}, {__tostring = function() while true do end end}))
end}
