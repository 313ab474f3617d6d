# Source: PyTorch docs, "torch.func.jacrev" (first example)
# URL: https://pytorch.org/docs/stable/generated/torch.func.jacrev.html
# Random input replaced by literals.
import torch
from torch.func import jacrev

x = torch.tensor([0.3, -1.2, 0.8, 2.0, -0.5])
jacobian = jacrev(torch.sin)(x)
expected = torch.diag(torch.cos(x))
assert torch.allclose(jacobian, expected)
print(jacobian)
