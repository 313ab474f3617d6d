# Source: d2l.ai, "Dive into Deep Learning", 2.5 Automatic Differentiation, "Gradients and Python Control Flow"
# URL: https://d2l.ai/chapter_preliminaries/autograd.html
# torch.randn(size=()) replaced by a literal.
import torch


def f(a):
    b = a * 2
    while b.norm() < 1000:
        b = b * 2
    if b.sum() > 0:
        c = b
    else:
        c = 100 * b
    return c


a = torch.tensor(0.7431, requires_grad=True)
d = f(a)
d.backward()

print(a.grad == d / a)
