# Source: PyTorch docs, "MarginRankingLoss" (example)
# URL: https://pytorch.org/docs/stable/generated/torch.nn.MarginRankingLoss.html
# Random inputs replaced by literals.
import torch
import torch.nn as nn

loss = nn.MarginRankingLoss()
input1 = torch.tensor([0.6, -0.3, 1.2], requires_grad=True)
input2 = torch.tensor([0.9, -0.8, 1.0], requires_grad=True)
target = torch.tensor([1.5, -0.2, -0.7]).sign()
output = loss(input1, input2, target)
output.backward()
print(output, input1.grad, input2.grad)
