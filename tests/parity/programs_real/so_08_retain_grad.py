# Source: PyTorch forums / docs, torch.Tensor.retain_grad on an intermediate tensor
# URL: https://pytorch.org/docs/stable/generated/torch.Tensor.retain_grad.html
import torch

a = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
b = a * 2
b.retain_grad()
c = (b ** 2).sum()
c.backward()
print(b.grad)
print(a.grad)
print(b.retains_grad, a.retains_grad)
