# Source: d2l.ai, "Dive into Deep Learning", 2.5 Automatic Differentiation, "A Simple Function"
# URL: https://d2l.ai/chapter_preliminaries/autograd.html
import torch

x = torch.arange(4.0)
print(x)

x.requires_grad_(True)
print(x.grad)  # The gradient is None by default

y = 2 * torch.dot(x, x)
print(y)

y.backward()
print(x.grad)

print(x.grad == 4 * x)

x.grad.zero_()  # Reset the gradient
y = x.sum()
y.backward()
print(x.grad)
