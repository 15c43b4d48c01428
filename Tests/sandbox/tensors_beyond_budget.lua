-- attempt: hold 4 GB of tensors under the 64 MiB budget
-- exit: 1
-- stderr: not enough memory
local keep = {}
for i = 1, 1000 do keep[i] = tensor.zeros(1000000) end
