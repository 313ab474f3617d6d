# Source: PyTorch documentation, "Autograd mechanics" notes, "Saved tensors"
# URL: https://pytorch.org/docs/stable/notes/autograd.html#saved-tensors
# torch.randn(5) replaced by a literal.
import torch

x = torch.tensor([0.5, -1.0, 2.0, 0.1, -0.3], requires_grad=True)
y = x.pow(2)
print(x.equal(y.grad_fn._saved_self))  # True
print(x is y.grad_fn._saved_self)  # True

y = x.exp()
print(y.equal(y.grad_fn._saved_result))  # True
print(y is y.grad_fn._saved_result)  # False
