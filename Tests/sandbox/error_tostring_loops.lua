-- attempt: raise an error object whose __tostring loops, to hang the host that prints it
-- exit: 1
-- stderr: (error object is a table value)
error(setmetatable({}, {__tostring = function() while true do end end}))
