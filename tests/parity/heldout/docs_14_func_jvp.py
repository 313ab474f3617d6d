# Source: PyTorch docs, torch.func.jvp (examples)
# URL: https://pytorch.org/docs/stable/generated/torch.func.jvp.html
# torch.randn(5) replaced by literals.
import torch
from torch.func import jvp

x = torch.tensor([0.1, -0.4, 1.2, 0.7, -2.0])
f = lambda x: x * torch.tensor([1., 2., 3., 4., 5.])
value, grad = jvp(f, (x,), (torch.tensor([1., 1., 1., 1., 1.]),))
print(value)
print(grad)
print(torch.allclose(value, f(x)))
print(torch.allclose(grad, torch.tensor([1., 2., 3., 4., 5.])))
x2 = torch.tensor([0.3, -0.2, 0.9])
y2 = torch.tensor([1.5, 0.5, -1.0])
f2 = lambda x, y: (x * y)
_, out = jvp(f2, (x2, y2), (torch.ones(3), torch.ones(3)))
print(out)
