# Source: PyTorch Forums, "Torch.round() gradient"
# URL: https://discuss.pytorch.org/t/torch-round-gradient/28628
# (round has a zero gradient; the straight-through estimator passes it through with detach)
import torch

x = torch.tensor([0.4, 1.6, -2.3], requires_grad=True)
y = torch.round(x)
y.sum().backward()
print(y, x.grad)

x.grad = None
y = x + (torch.round(x) - x).detach()
(y * torch.tensor([1.0, 2.0, 3.0])).sum().backward()
print(y, x.grad)

x.grad = None
z = torch.floor(x) + torch.ceil(x) + torch.sign(x) + torch.trunc(x) + torch.frac(x)
z.sum().backward()
print(z, x.grad)
