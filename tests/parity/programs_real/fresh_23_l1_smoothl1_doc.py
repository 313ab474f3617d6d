# Source: PyTorch docs, torch.nn.L1Loss and torch.nn.SmoothL1Loss (examples)
# URL: https://pytorch.org/docs/stable/generated/torch.nn.L1Loss.html
import torch
import torch.nn as nn

loss = nn.L1Loss()
input = torch.tensor([[0.5, -1.0, 2.0], [0.0, 1.5, -0.5]], requires_grad=True)
target = torch.tensor([[1.0, -1.0, 0.0], [0.2, 1.0, -2.0]])
output = loss(input, target)
output.backward()
print(output, input.grad)
input.grad = None
output = nn.SmoothL1Loss()(input, target)
output.backward()
print(output, input.grad)
