-- attempt: catch the instruction-limit error with xpcall (whose handler loops too) and keep looping
-- exit: 1
-- stderr: instruction limit exceeded
while true do xpcall(function() while true do end end, function() while true do end end) end
