# Source: PyTorch docs, "Autograd mechanics": In-place operations with autograd
# URL: https://pytorch.org/docs/stable/notes/autograd.html#in-place-operations-with-autograd
# In place on views: the base's graph is rewritten (CopySlices), a view of a leaf refuses.
import torch

a = torch.tensor([1.0, 2.0, 3.0, 4.0], requires_grad=True)
x = a.clone()
x[1:3].mul_(10)
print(x)
print(type(x.grad_fn).__name__)
x.sum().backward()
print(a.grad)
leaf = torch.tensor([1.0, 2.0], requires_grad=True)
try:
    leaf[0].add_(1)
except RuntimeError as e:
    print("error:", e)
