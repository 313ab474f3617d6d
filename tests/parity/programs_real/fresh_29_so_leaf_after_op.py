# Source: Stack Overflow, "Why is my tensor not a leaf? .grad is None after .double() / * 1"
# URL: https://stackoverflow.com/questions/65532022/lack-of-gradient-when-creating-tensor-from-numpy
import torch

a = torch.tensor([0.5, 1.5], requires_grad=True).double()
print(a.is_leaf, a.grad_fn)
b = torch.tensor([0.5, 1.5], dtype=torch.float64, requires_grad=True)
print(b.is_leaf)
(a * b).sum().backward()
print(b.grad)
