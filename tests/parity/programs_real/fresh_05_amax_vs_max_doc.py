# Source: PyTorch docs, torch.amax (note: amax evenly distributes gradient between equal values)
# URL: https://pytorch.org/docs/stable/generated/torch.amax.html
import torch

x = torch.tensor([[1.0, 3.0, 3.0], [2.0, 0.5, 2.0]], requires_grad=True)
y = torch.amax(x, 1)
y.sum().backward()
print(y, x.grad)
x.grad = None
m, idx = torch.max(x, 1)
m.sum().backward()
print(m, idx, x.grad)
