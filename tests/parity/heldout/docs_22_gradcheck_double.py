# Source: PyTorch docs, "Gradcheck mechanics" and torch.autograd.gradgradcheck
# URL: https://pytorch.org/docs/stable/generated/torch.autograd.gradgradcheck.html
import torch
from torch.autograd import gradcheck, gradgradcheck

x = torch.tensor([0.3, -0.7, 1.1], dtype=torch.double, requires_grad=True)
print(gradcheck(lambda t: (t.sin() * t).sum(), (x,)))
print(gradgradcheck(lambda t: (t.exp() * t ** 2).sum(), (x,)))
