# Source: PyTorch docs, torch.nn.PoissonNLLLoss (example; sizes shrunk, randn replaced by literals)
# URL: https://pytorch.org/docs/stable/generated/torch.nn.PoissonNLLLoss.html
import torch
from torch import nn

loss = nn.PoissonNLLLoss()
log_input = torch.tensor([[0.5, -1.2], [0.3, 0.8], [-0.4, 1.1]], requires_grad=True)
target = torch.tensor([[1.3, -0.2], [0.7, 2.1], [-1.5, 0.4]])
output = loss(log_input, target)
output.backward()
print(output)
print(log_input.grad)
