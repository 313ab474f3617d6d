# Source: Stack Overflow, "How to compute the Hessian with torch.autograd.grad (create_graph=True)"
# URL: https://stackoverflow.com/questions/52986017/pytorch-compute-hessian
import torch

x = torch.tensor([1.0, 2.0], requires_grad=True)
y = x[0] ** 2 * x[1] + x[1] ** 3
grads = torch.autograd.grad(y, x, create_graph=True)[0]
print(grads)
hessian = []
for g in grads:
    row = torch.autograd.grad(g, x, retain_graph=True)[0]
    hessian.append(row)
print(torch.stack(hessian))
