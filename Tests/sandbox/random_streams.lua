-- attempt: change the host's random streams (math.randomseed, math.random, tensor.rand)
-- host: --seed 7 -e "print(math.random(1000000), tensor.rand(1):get(1))"
-- exit: 0
-- stdout: same-as-without-plugin
math.randomseed(1)
for i = 1, 10 do math.random() end
if tensor.seed then tensor.seed(1) end
tensor.rand(100)
fair.metrics.register{name = "r", per_group = function() math.randomseed(2) tensor.rand(10) return 0 end}
