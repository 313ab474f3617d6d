# Source: PyTorch documentation, torch.Tensor.is_leaf (example, the CPU lines)
# URL: https://pytorch.org/docs/stable/generated/torch.Tensor.is_leaf.html
# torch.rand(10) replaced by literals.
import torch

a = torch.tensor([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0], requires_grad=True)
print(a.is_leaf)
c = torch.tensor([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0], requires_grad=True) + 2
print(c.is_leaf)
# c was created by the addition operation
e = torch.tensor([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0]).requires_grad_()
print(e.is_leaf)
