# Source: PyTorch docs, torch.func.grad (examples: sin and its second derivative)
# URL: https://pytorch.org/docs/stable/generated/torch.func.grad.html
import torch
from torch.func import grad

x = torch.tensor([0.3, -1.2, 2.0])
cos_x = grad(lambda x: torch.sin(x).sum())(x)
print(torch.allclose(cos_x, x.cos()))
neg_sin_x = grad(grad(lambda x: torch.sin(x)))(torch.tensor(0.7))
print(neg_sin_x, -torch.sin(torch.tensor(0.7)))
