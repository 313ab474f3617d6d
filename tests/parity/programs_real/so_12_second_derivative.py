# Source: Stack Overflow, "PyTorch most efficient Jacobian/Hessian calculation" (second derivative via create_graph)
# URL: https://stackoverflow.com/questions/56480578/pytorch-most-efficient-jacobian-hessian-calculation
import torch

x = torch.tensor(3.0, requires_grad=True)
y = x ** 3
dy, = torch.autograd.grad(y, x, create_graph=True)
d2y, = torch.autograd.grad(dy, x)
print(dy, d2y)
