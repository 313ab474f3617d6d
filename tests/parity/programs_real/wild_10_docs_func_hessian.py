# Source: PyTorch docs, "torch.func.hessian" (example)
# URL: https://pytorch.org/docs/stable/generated/torch.func.hessian.html
# Random input replaced by literals.
import torch
from torch.func import hessian


def f(x):
    return x.sin().sum()


x = torch.tensor([0.3, -1.2, 0.8, 2.0, -0.5])
hess = hessian(f)(x)  # equivalent to jacfwd(jacrev(f))(x)
assert torch.allclose(hess, torch.diag(-x.sin()))
print(hess)
