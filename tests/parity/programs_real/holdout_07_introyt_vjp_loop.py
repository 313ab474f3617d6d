# Source: PyTorch tutorial "The Fundamentals of Autograd", Advanced Topic: More Autograd Detail
# URL: https://pytorch.org/tutorials/beginner/introyt/autogradyt_tutorial.html
import torch

x = torch.tensor([0.3, -0.5, 1.2], requires_grad=True)

y = x * 2
while y.data.norm() < 1000:
    y = y * 2

print(y)

v = torch.tensor([0.1, 1.0, 0.0001], dtype=torch.float)
y.backward(v)

print(x.grad)
