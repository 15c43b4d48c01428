-- Tensors and autograd: fit y = 3x + 2 by gradient descent, the MXNet Gluon way.
-- Run: fairlua --seed 1 scripts/examples/tensors.lua

tensor.seed(1)
local x = tensor.rand(256, 1)
local y = 3 * x + 2 + 0.01 * tensor.randn(256, 1)

local w = tensor.zeros(1, 1):requires_grad()
local b = tensor.zeros(1):requires_grad()

for step = 1, 500 do
  local loss = autograd.record(function()
    local err = x:mm(w) + b - y
    return (err * err):mean()
  end)
  loss:backward()
  w:sub(0.5 * w.grad):zero_grad()      -- method forms update in place
  b:sub(0.5 * b.grad):zero_grad()
  if step % 100 == 0 then print(string.format("step %3d  loss %.6f", step, loss:item())) end
end
print(string.format("w = %.3f (true 3), b = %.3f (true 2)", w:item(), b:item()))
print(tensor{{1, 2}, {3, 4}}:mm(tensor.eye(2)))
