# Source: PyTorch docs, "MSELoss" (example; 3x5 shrunk to 2x3)
# URL: https://pytorch.org/docs/stable/generated/torch.nn.MSELoss.html
# Random input and target replaced by literals.
import torch
import torch.nn as nn

loss = nn.MSELoss()
input = torch.tensor([[0.5, -0.2, 1.3], [0.0, 0.7, -1.1]], requires_grad=True)
target = torch.tensor([[1.0, 0.1, 0.9], [-0.4, 0.7, -0.5]])
output = loss(input, target)
output.backward()
print(output, input.grad)
