# Source: PyTorch tutorial "The Fundamentals of Autograd", Autograd and In-place Operations
# URL: https://pytorch.org/tutorials/beginner/introyt/autogradyt_tutorial.html
import torch
import math

a = torch.linspace(0., 2. * math.pi, steps=25, requires_grad=True)
torch.sin_(a)
