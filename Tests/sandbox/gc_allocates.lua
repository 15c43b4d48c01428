-- attempt: a __gc finalizer that allocates without bound
-- host: -e "collectgarbage() collectgarbage() print('collected')"
-- exit: 0
-- stdout: collected
setmetatable({}, {__gc = function() local t = {} for i = 1, 1e9 do t[i] = i end end})
