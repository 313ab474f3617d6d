# Source: PyTorch docs, torch.autograd.grad
# URL: https://pytorch.org/docs/stable/generated/torch.autograd.grad.html
# A small example in the spirit of the page: outputs, inputs, grad_outputs, allow_unused.
import torch

x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
w = torch.tensor([0.5, -1.0, 2.0], requires_grad=True)
unused = torch.tensor(4.0, requires_grad=True)
y = (x * w).sum()
gx, gw = torch.autograd.grad(y, (x, w), retain_graph=True)
print(gx, gw)
print(x.grad)
z = x * w
(gz,) = torch.autograd.grad(z, x, grad_outputs=torch.tensor([1.0, 0.1, 0.01]))
print(gz)
g = torch.autograd.grad(y, [x, unused], allow_unused=True)
print(g[1])
try:
    torch.autograd.grad(y, [x, unused])
except RuntimeError as e:
    print("error:", e)
