# Source: Stack Overflow, "Difference between detach() and with torch.no_grad() in PyTorch?"
# URL: https://stackoverflow.com/questions/56816241/difference-between-detach-and-with-torch-nograd-in-pytorch
import torch

x = torch.ones(2, requires_grad=True)
y = x ** 2
with torch.no_grad():
    z = y * 3
w = y.detach() * 3
print(z.requires_grad, w.requires_grad, y.requires_grad)
print(z.grad_fn, w.grad_fn, y.grad_fn)
(y * w).sum().backward()
print(x.grad)
