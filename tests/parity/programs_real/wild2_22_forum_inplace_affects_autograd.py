# Source: PyTorch Forums, "How In-Place Operation Affects Autograd" (question's code, Dec 2018)
# URL: https://discuss.pytorch.org/t/how-in-place-operation-affects-autograd
import torch
import torch.nn as nn

a = torch.tensor([-2, -1, 0.0, 1, 2], dtype=torch.float, requires_grad=True)
b = torch.tensor([1., 2, 3, 4, 5], dtype=torch.float, requires_grad=True)
relu = nn.ReLU(inplace=True)
c = a * 2
c *= b  # The gradient of vector b relies on the value of c
c = relu(c)
y = torch.sum(c)
c.register_hook(print)
y.backward()
print("b.grad:", b.grad)
