# Source: Stack Overflow, "How to compute the gradient of a gradient (gradient penalty) in PyTorch" (question reconstructed from memory; URL is a search for it)
# URL: https://stackoverflow.com/search?q=gradient+penalty+torch.autograd.grad+create_graph
import torch

x = torch.tensor([1.0, 2.0], requires_grad=True)
w = torch.tensor([0.5, -1.5], requires_grad=True)
out = (w * x ** 2).sum()
grad_x, = torch.autograd.grad(out, x, create_graph=True)
penalty = (grad_x.norm() - 1) ** 2
penalty.backward()
print(grad_x)
print(penalty)
print(w.grad)
print(x.grad)
