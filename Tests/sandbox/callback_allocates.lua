-- attempt: escape the memory budget inside a callback (the limit used to be suspended in Swift frames)
-- exit: 1
-- stderr: not enough memory
autograd.record(function() local t = {} for i = 1, 1e9 do t[i] = i end end)
