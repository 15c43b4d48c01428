-- attempt: raise an error object whose __tostring raises another such object
-- exit: 1
-- stderr: (error object is a table value)
local mt = {}
mt.__tostring = function() error(setmetatable({}, mt)) end
error(setmetatable({}, mt))
