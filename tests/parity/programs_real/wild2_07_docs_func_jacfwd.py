# Source: PyTorch docs, torch.func.jacfwd (first example; randn replaced by literals)
# URL: https://pytorch.org/docs/stable/generated/torch.func.jacfwd.html
import torch
from torch.func import jacfwd

x = torch.tensor([0.3, -1.2, 0.8, 2.0, -0.5])
jacobian = jacfwd(torch.sin)(x)
expected = torch.diag(torch.cos(x))
assert torch.allclose(jacobian, expected)
print(jacobian)
