# Source: Stack Overflow, "What is the use of torch.no_grad in pytorch?" (evaluation without a graph)
# URL: https://stackoverflow.com/questions/72504734/what-is-the-use-of-torch-no-grad-in-pytorch
# The layer's random initialisation replaced by literals.
import torch
from torch import nn

model = nn.Linear(3, 1)
with torch.no_grad():
    model.weight.copy_(torch.tensor([[0.2, -0.4, 0.6]]))
    model.bias.fill_(0.5)
x = torch.tensor([[1.0, 2.0, 3.0], [0.5, 0.5, 0.5]])

model.eval()
with torch.no_grad():
    preds = model(x)
print(preds.requires_grad, preds.grad_fn)
print(preds)
train_preds = model(x)
print(train_preds.requires_grad)
print(train_preds)
