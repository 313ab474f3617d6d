# Source: PyTorch docs, torch.nn.MultiLabelMarginLoss (example)
# URL: https://pytorch.org/docs/stable/generated/torch.nn.MultiLabelMarginLoss.html
import torch
from torch import nn

loss = nn.MultiLabelMarginLoss()
x = torch.FloatTensor([[0.1, 0.2, 0.4, 0.8]])
# for target y, only consider labels 3 and 0, not after label -1
y = torch.LongTensor([[3, 0, -1, 1]])
# 0.25 * ((1-(0.1-0.2)) + (1-(0.1-0.4)) + (1-(0.8-0.2)) + (1-(0.8-0.4)))
print(loss(x, y))
