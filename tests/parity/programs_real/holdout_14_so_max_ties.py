# Source: PyTorch docs, torch.max (note: gradients of equal maxima) and forum thread "Confused about torch.max() and gradient"
# URL: https://pytorch.org/docs/stable/generated/torch.max.html
import torch

x = torch.tensor([1.0, 3.0, 3.0, 2.0], requires_grad=True)
m = x.max()
m.backward()
print(m, x.grad)

y = torch.tensor([[1.0, 5.0], [7.0, 2.0]], requires_grad=True)
v, i = y.max(dim=1)
v.sum().backward()
print(v, i)
print(y.grad)
