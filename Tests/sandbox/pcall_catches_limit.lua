-- attempt: catch the instruction-limit error with pcall and keep looping
-- exit: 1
-- stderr: instruction limit exceeded
while true do pcall(function() while true do end end) end
