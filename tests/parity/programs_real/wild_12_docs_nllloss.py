# Source: PyTorch docs, "NLLLoss" (first example)
# URL: https://pytorch.org/docs/stable/generated/torch.nn.NLLLoss.html
# Random input replaced by literals.
import torch
import torch.nn as nn

log_softmax = nn.LogSoftmax(dim=1)
loss_fn = nn.NLLLoss()
# input to NLLLoss is of size N x C = 3 x 5
input = torch.tensor([[0.5, -1.2, 0.3, 2.0, -0.7],
                      [1.1, 0.4, -0.3, -1.5, 0.9],
                      [-0.2, 0.8, 1.6, 0.1, -1.0]], requires_grad=True)
# each element in target must have 0 <= value < C
target = torch.tensor([1, 0, 4])
loss = loss_fn(log_softmax(input), target)
loss.backward()
print(loss, input.grad)
