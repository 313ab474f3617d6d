# Source: GitHub notebook shuhua-wang/pytorch-tutorials, "07. Vector-Jacobian Product" (randn replaced by literals)
# URL: https://github.com/shuhua-wang/pytorch-tutorials
import torch

x = torch.tensor([-1.0672, 0.4757, -0.2733], requires_grad=True)
print(x)
y = x * 2
print(y)
while y.data.norm() < 1000:
    y = y * 2
print(y)
v = torch.tensor([0.1, 1.0, 0.0001], dtype=torch.float)
y.backward(v)

print(x.grad)
print(x.requires_grad)
print((x**2).requires_grad)

with torch.no_grad():
    print((x**2).requires_grad)
print(x.requires_grad)
y = x.detach()
print(y.requires_grad)
print(x.eq(y).all())
