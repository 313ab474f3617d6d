# Source: PyTorch docs, torch.func.vjp and torch.func.grad (examples)
# URL: https://pytorch.org/docs/stable/generated/torch.func.vjp.html
# torch.randn replaced by literals; the grad example is from torch.func.grad's page.
import torch
from torch.func import vjp, grad

x = torch.tensor([0.2, -1.1, 0.6, 2.0, -0.3])
f = lambda x: x.sin().sum()
(_, vjpfunc) = vjp(f, x)
vjps = vjpfunc(torch.tensor(1.))
print(vjps[0])
print(torch.allclose(vjps[0], x.cos()))
cos_x = grad(lambda x: torch.sin(x))(torch.tensor(0.5))
print(cos_x)
neg_sin_x = grad(grad(lambda x: torch.sin(x)))(torch.tensor(0.5))
print(neg_sin_x)
