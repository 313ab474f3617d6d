# Source: Stack Overflow, "How to use torch.autograd.grad" (gradient without accumulating)
# URL: https://stackoverflow.com/questions/54754153/autograd-grad-for-tensor-in-pytorch
import torch

x = torch.tensor(2.0, requires_grad=True)
y = x ** 3
dydx, = torch.autograd.grad(y, x)
print(dydx)
print(x.grad)
