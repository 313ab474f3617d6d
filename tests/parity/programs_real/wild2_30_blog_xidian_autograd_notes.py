# Source: xidianstudent/deep-learning notebook, "autograd(自动求导)" (randn replaced by literals)
# URL: https://github.com/xidianstudent/deep-learning
import torch

x = torch.ones(2, 2, requires_grad=True)
print(x)

y = x + 2
print(y)

z  = y * y * 3
out = z.mean()
print(z, out)

a = torch.tensor([[0.3, -1.2], [2.1, 0.6]])
a = (a + 3) / (a - 1)
print(a.requires_grad)
a.requires_grad_(True)
print(a.requires_grad)
b = (a * a).sum()
print(b.grad_fn)
print(b.requires_grad)
