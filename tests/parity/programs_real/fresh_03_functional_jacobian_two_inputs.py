# Source: PyTorch docs, torch.autograd.functional.jacobian (example with two inputs)
# URL: https://pytorch.org/docs/stable/generated/torch.autograd.functional.jacobian.html
import torch
from torch.autograd.functional import jacobian


def exp_adder(x, y):
    return 2 * x.exp() + 3 * y


inputs = (torch.tensor([0.2, 0.7]), torch.tensor([0.1, 0.4]))
print(jacobian(exp_adder, inputs))
