# Source: PyTorch docs, "BCELoss" (example)
# URL: https://pytorch.org/docs/stable/generated/torch.nn.BCELoss.html
# Random input and target replaced by literals.
import torch
from torch import nn

m = nn.Sigmoid()
loss = nn.BCELoss()
input = torch.tensor([[0.3, -1.1], [0.8, 0.2], [-0.5, 1.4]], requires_grad=True)
target = torch.tensor([[0.9, 0.1], [0.6, 0.3], [0.2, 0.7]], requires_grad=False)
output = loss(m(input), target)
output.backward()
print(output, input.grad)
