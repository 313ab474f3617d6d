# Source: PyTorch docs, torch.nn.KLDivLoss (example)
# URL: https://pytorch.org/docs/stable/generated/torch.nn.KLDivLoss.html
import torch
import torch.nn as nn
import torch.nn.functional as F

kl_loss = nn.KLDivLoss(reduction="batchmean")
# input should be a distribution in the log space
x = torch.tensor([[0.1, -0.5, 1.2, 0.3, 0.0], [1.0, 0.2, -0.3, 0.4, 0.8],
                  [-1.1, 0.6, 0.9, 0.0, 0.5]], requires_grad=True)
input = F.log_softmax(x, dim=1)
# Sample a batch of distributions. Usually this would come from the dataset
target = F.softmax(torch.tensor([[0.3, 0.1, 0.2, 0.9, 0.4], [0.5, 0.5, 0.1, 0.0, 0.2],
                                 [0.7, 0.3, 0.8, 0.6, 0.1]]), dim=1)
output = kl_loss(input, target)
output.backward()
print(output, x.grad)
