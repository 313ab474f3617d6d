# Source: PyTorch docs, torch.autograd.functional.vhp (example)
# URL: https://pytorch.org/docs/stable/generated/torch.autograd.functional.vhp.html
import torch
from torch.autograd.functional import vhp


def pow_reducer(x):
    return x.pow(3).sum()


inputs = torch.tensor([[0.5, 0.25], [0.75, 1.0]])
v = torch.ones(2, 2)
print(vhp(pow_reducer, inputs, v))
