# Source: PyTorch tutorials (0.4-1.x), "Autograd: Automatic Differentiation", vector-Jacobian product
# URL: https://pytorch.org/tutorials/beginner/blitz/autograd_tutorial.html (1.x version)
# torch.randn(3) replaced by a literal.
import torch

x = torch.tensor([0.3, -1.1, 0.8], requires_grad=True)

y = x * 2
while y.data.norm() < 1000:
    y = y * 2

print(y)

v = torch.tensor([0.1, 1.0, 0.0001], dtype=torch.float)
y.backward(v)

print(x.grad)
