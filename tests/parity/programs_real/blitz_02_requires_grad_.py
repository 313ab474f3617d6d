# Source: PyTorch tutorials (0.4-1.x), "Autograd: Automatic Differentiation" (60 Minute Blitz)
# URL: https://pytorch.org/tutorials/beginner/blitz/autograd_tutorial.html (1.x version)
# torch.randn(2, 2) replaced by a literal.
import torch

a = torch.tensor([[0.5, -1.2], [2.0, 0.3]])
a = ((a * 3) / (a - 1))
print(a.requires_grad)
a.requires_grad_(True)
print(a.requires_grad)
b = (a * a).sum()
print(b.grad_fn)
