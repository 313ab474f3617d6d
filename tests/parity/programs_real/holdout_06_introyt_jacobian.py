# Source: PyTorch tutorial "The Fundamentals of Autograd", The High-Level API
# URL: https://pytorch.org/tutorials/beginner/introyt/autogradyt_tutorial.html
import torch


def exp_adder(x, y):
    return 2 * x.exp() + 3 * y


inputs = (torch.tensor([0.25]), torch.tensor([0.75]))
print(inputs)
print(torch.autograd.functional.jacobian(exp_adder, inputs))

inputs = (torch.tensor([0.1, 0.2, 0.3]), torch.tensor([0.4, 0.5, 0.6]))
print(torch.autograd.functional.jacobian(exp_adder, inputs))
