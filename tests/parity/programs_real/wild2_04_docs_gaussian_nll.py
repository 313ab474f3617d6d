# Source: PyTorch docs, torch.nn.GaussianNLLLoss (example; sizes shrunk, randn replaced by literals)
# URL: https://pytorch.org/docs/stable/generated/torch.nn.GaussianNLLLoss.html
import torch
from torch import nn

loss = nn.GaussianNLLLoss()
input = torch.tensor([[0.2, -0.7], [1.1, 0.4], [-0.3, 0.9]], requires_grad=True)
target = torch.tensor([[0.5, -1.0], [0.8, 0.1], [0.2, 1.4]])
var = torch.ones(3, 2, requires_grad=True)  # heteroscedastic
output = loss(input, target, var)
output.backward()
print(output)
print(input.grad)
print(var.grad)
