# Source: Stack Overflow, "How to compute the Jacobian of a vector function in PyTorch"
# URL: https://stackoverflow.com/questions/43451125/pytorch-what-are-the-gradient-arguments
# The Jacobian row by row with backward(gradient=e_i), then torch.autograd.functional.jacobian.
import torch

x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
rows = []
for i in range(3):
    y = torch.stack([x[0] * x[1], x[1] ** 2, x[2].exp()])
    e = torch.zeros(3)
    e[i] = 1.0
    x.grad = None
    y.backward(e)
    rows.append(x.grad.clone())
print(torch.stack(rows))
print(torch.autograd.functional.jacobian(lambda t: torch.stack([t[0] * t[1], t[1] ** 2, t[2].exp()]), x))
