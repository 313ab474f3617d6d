# Source: Stack Overflow, "Only Tensors of floating point dtype can require gradients" (a whole-valued float)
# URL: https://stackoverflow.com/questions/63581263/pytorch-only-tensors-of-floating-point-dtype-can-require-gradients
import torch

v = -2.0
x = torch.tensor(v, requires_grad=True)
y = x ** 2
y.backward()
print(x, x.grad)
n = torch.tensor(3)
print(n.dtype)
n.requires_grad_(True)
