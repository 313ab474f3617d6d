# Source: PyTorch tutorials, "A Gentle Introduction to torch.autograd", section "Exclusion from the DAG"
# URL: https://pytorch.org/tutorials/beginner/blitz/autograd_tutorial.html
# torch.rand(5, 5) replaced by literals.
import torch
from torch import nn, optim

x = torch.tensor([[0.1, 0.2, 0.3, 0.4, 0.5]] * 5)
y = torch.tensor([[0.5, 0.4, 0.3, 0.2, 0.1]] * 5)
z = torch.tensor([[0.9, 0.8, 0.7, 0.6, 0.5]] * 5, requires_grad=True)

a = x + y
print(f"Does `a` require gradients?: {a.requires_grad}")
b = x + z
print(f"Does `b` require gradients?: {b.requires_grad}")
