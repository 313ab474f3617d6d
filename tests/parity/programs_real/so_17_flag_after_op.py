# Source: PyTorch docs, "Autograd mechanics" (requires_grad is recorded at op time; the b1/b2 example)
# URL: https://pytorch.org/docs/stable/notes/autograd.html
import torch

a = torch.tensor([1.0, 2.0], requires_grad=True)
b1 = 2 * a
a.requires_grad = False
b2 = 2 * a
print(b1)
print(b2)
print(b1.is_leaf, b2.is_leaf)
