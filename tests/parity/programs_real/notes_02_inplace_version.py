# Source: PyTorch documentation, "Autograd mechanics" notes, "In-place correctness checks" (version counter)
# URL: https://pytorch.org/docs/stable/notes/autograd.html#in-place-correctness-checks
import torch

a = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
b = a.exp()
print(b._version)
c = b * 2
b.add_(1)
print(b._version)
c.sum().backward()
print(a.grad)
b2 = a.exp()
d = b2 ** 2
b2.mul_(2)
d.sum().backward()
