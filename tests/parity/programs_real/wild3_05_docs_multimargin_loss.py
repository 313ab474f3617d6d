# Source: PyTorch docs, torch.nn.MultiMarginLoss (example; written from memory)
# URL: https://pytorch.org/docs/stable/generated/torch.nn.MultiMarginLoss.html
import torch
import torch.nn as nn

loss = nn.MultiMarginLoss()
x = torch.tensor([[0.1, 0.2, 0.4, 0.8]])
y = torch.tensor([3])
# 0.25 * ((1-(0.8-0.1)) + (1-(0.8-0.2)) + (1-(0.8-0.4)))
print(loss(x, y))
