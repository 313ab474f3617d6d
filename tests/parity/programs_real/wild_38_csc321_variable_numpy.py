# Source: University of Toronto CSC321 (2018), Tutorial 5a "PyTorch" (dynamic graphs with Variable)
# URL: https://nbviewer.jupyter.org/url/www.cs.toronto.edu/~rgrosse/courses/csc321_2018/tutorials/tut5a.ipynb
import torch
from torch.autograd import Variable
import numpy as np


def f(x):
    return x**2 + 2 * x


x = Variable(torch.from_numpy(np.array([4.0])), requires_grad=True)
y = f(x)
y.backward()
print(x.grad.data)  # 2x + 2 for x = 4

x = Variable(torch.from_numpy(np.array([5.0])), requires_grad=True)
y = f(x)
y.backward()
print(x.grad.data)  # 2x + 2 for x = 5
