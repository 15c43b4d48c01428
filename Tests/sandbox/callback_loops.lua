-- attempt: escape the budget through Swift calling back into plugin code (autograd.record)
-- exit: 1
-- stderr: instruction limit exceeded
autograd.record(function() while true do end end)
