# Source: Stack Overflow, "Why is the .grad attribute None for a tensor after backward?" (non-leaf)
# URL: https://stackoverflow.com/questions/65532022/lack-of-gradient-when-creating-tensor-from-numpy
# torch.rand replaced by a literal.
import torch

a = torch.tensor([0.2, 0.4, 0.6], requires_grad=True) * 2
a.sum().backward()
print(a.is_leaf)
print(a.grad)
b = torch.tensor([0.2, 0.4, 0.6], requires_grad=True)
c = b * 2
c.sum().backward()
print(b.grad)
