-- attempt: a __close handler that never returns
-- exit: 1
-- stderr: instruction limit exceeded
do local x <close> = setmetatable({}, {__close = function() while true do end end}) end
