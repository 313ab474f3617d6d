# Source: PyTorch docs, torch.autograd.functional.hvp (example)
# URL: https://pytorch.org/docs/stable/generated/torch.autograd.functional.hvp.html
import torch
from torch.autograd.functional import hvp


def pow_reducer(x):
    return x.pow(3).sum()


inputs = torch.tensor([[0.1, 0.2], [0.3, 0.4]])
v = torch.ones(2, 2)
print(hvp(pow_reducer, inputs, v))
