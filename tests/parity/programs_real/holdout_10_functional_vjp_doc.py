# Source: PyTorch docs, torch.autograd.functional.vjp (example)
# URL: https://pytorch.org/docs/stable/generated/torch.autograd.functional.vjp.html
import torch
from torch.autograd.functional import vjp


def exp_reducer(x):
    return x.exp().sum(dim=1)


inputs = torch.tensor([[0.1, 0.2, 0.3, 0.4], [0.5, 0.6, 0.7, 0.8], [0.9, 1.0, 1.1, 1.2], [1.3, 1.4, 1.5, 1.6]])
v = torch.ones(4)
print(vjp(exp_reducer, inputs, v))


def adder(x, y):
    return 2 * x + 3 * y


inputs = (torch.tensor([0.1, 0.2]), torch.tensor([0.3, 0.4]))
v = torch.ones(2)
print(vjp(adder, inputs, v))
