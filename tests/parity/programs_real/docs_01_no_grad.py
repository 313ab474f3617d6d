# Source: PyTorch documentation, torch.no_grad (example)
# URL: https://pytorch.org/docs/stable/generated/torch.no_grad.html
# torch.rand(10) replaced by a literal; the REPL's echoed values are printed.
import torch

x = torch.tensor([1.], requires_grad=True)
with torch.no_grad():
    y = x * 2
print(y.requires_grad)

@torch.no_grad()
def doubler(x):
    return x * 2
z = doubler(x)
print(z.requires_grad)

@torch.no_grad
def tripler(x):
    return x * 3
z = tripler(x)
print(z.requires_grad)

# factory function exception
with torch.no_grad():
    a = torch.nn.Parameter(torch.tensor([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0]))
print(a.requires_grad)
