# Source: d2l.ai, "Dive into Deep Learning", 2.5 Automatic Differentiation, "Detaching Computation"
# URL: https://d2l.ai/chapter_preliminaries/autograd.html
import torch

x = torch.arange(4.0, requires_grad=True)
y = 2 * torch.dot(x, x)
y.backward()

x.grad.zero_()
y = x * x
u = y.detach()
z = u * x

z.sum().backward()
print(x.grad == u)

x.grad.zero_()
y.sum().backward()
print(x.grad == 2 * x)
