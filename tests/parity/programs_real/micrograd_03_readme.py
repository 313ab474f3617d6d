# Source: micrograd README example, run with torch tensors (as test_engine.py compares them)
# URL: https://github.com/karpathy/micrograd/blob/master/README.md
import torch

a = torch.tensor(-4.0, requires_grad=True)
b = torch.tensor(2.0, requires_grad=True)
c = a + b
d = a * b + b**3
c = c + c + 1
c = c + 1 + c + (-a)
d = d + d * 2 + (b + a).relu()
d = d + 3 * d + (b - a).relu()
e = c - d
f = e**2
g = f / 2.0
g = g + 10.0 / f
print(f'{g.data.item():.4f}') # prints 24.7041, the outcome of this forward pass
g.backward()
print(f'{a.grad.item():.4f}') # prints 138.8338, i.e. the numerical value of dg/da
print(f'{b.grad.item():.4f}') # prints 645.5773, i.e. the numerical value of dg/db
