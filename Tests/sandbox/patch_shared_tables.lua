-- attempt: patch tables the main script sees (tensor, string, fair.metrics, _G)
-- host: -e "print(tensor.zeros(2):numel(), ('a'):upper(), type(fair.metrics.register), x)"
-- exit: 0
-- stdout: 2\tA\tfunction\tnil
tensor.zeros = nil
string.upper = function() return "pwned" end
fair.metrics.register = nil
setmetatable(tensor, {__index = function() return "pwned" end})
_G.x = "pwned"
x = "pwned"
