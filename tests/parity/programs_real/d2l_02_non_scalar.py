# Source: d2l.ai, "Dive into Deep Learning", 2.5 Automatic Differentiation, "Backward for Non-Scalar Variables"
# URL: https://d2l.ai/chapter_preliminaries/autograd.html
import torch

x = torch.arange(4.0, requires_grad=True)
y = 2 * torch.dot(x, x)
y.backward()

x.grad.zero_()
y = x * x
y.backward(gradient=torch.ones(len(y)))  # Faster: y.sum().backward()
print(x.grad)
