# Source: PyTorch docs, torch.autograd.functional.vjp (example with two inputs)
# URL: https://pytorch.org/docs/stable/generated/torch.autograd.functional.vjp.html
import torch
from torch.autograd.functional import vjp


def adder(x, y):
    return 2 * x + 3 * y


inputs = (torch.tensor([0.3, 0.6]), torch.tensor([0.9, 0.2]))
v = torch.ones(2)
print(vjp(adder, inputs, v))
