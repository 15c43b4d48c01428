-- attempt: a __gc finalizer that never returns, run by a collection in the main script
-- host: -e "collectgarbage() collectgarbage() print('collected')"
-- exit: 0
-- stdout: collected
setmetatable({}, {__gc = function() while true do end end})
