# Source: PyTorch docs, torch.autograd.functional.jvp (example)
# URL: https://pytorch.org/docs/stable/generated/torch.autograd.functional.jvp.html
import torch
from torch.autograd.functional import jvp


def exp_reducer(x):
    return x.exp().sum(dim=1)


inputs = torch.tensor([[0.1, 0.2, 0.3, 0.4], [0.5, 0.6, 0.7, 0.8],
                       [0.9, 0.1, 0.2, 0.3], [0.4, 0.5, 0.6, 0.7]])
v = torch.ones(4, 4)
print(jvp(exp_reducer, inputs, v))
