-- attempt: a __gc finalizer that never returns, run when the state closes at exit
-- host: -e "print('done')"
-- exit: 0
-- stdout: done
keep = setmetatable({}, {__gc = function() while true do end end})
