# Source: micrograd (Andrej Karpathy), test/test_engine.py, test_sanity_check (the PyTorch half)
# URL: https://github.com/karpathy/micrograd/blob/master/test/test_engine.py
import torch

x = torch.Tensor([-4.0]).double()
x.requires_grad = True
z = 2 * x + 2 + x
q = z.relu() + z * x
h = (z * z).relu()
y = h + q + q * x
y.backward()
xpt, ypt = x, y

print(ypt.data.item(), xpt.grad.item())
