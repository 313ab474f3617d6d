# Source: PyTorch docs, torch.optim.SGD (example; model, loss_fn, input and target filled in with literals)
# URL: https://pytorch.org/docs/stable/generated/torch.optim.SGD.html
import torch
from torch import nn

model = nn.Linear(2, 1)
with torch.no_grad():
    model.weight.copy_(torch.tensor([[0.5, -0.3]]))
    model.bias.fill_(0.1)
loss_fn = nn.MSELoss()
input = torch.tensor([[1.0, 2.0], [0.5, -1.0]])
target = torch.tensor([[1.0], [0.0]])

optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
optimizer.zero_grad()
loss_fn(model(input), target).backward()
optimizer.step()
print(model.weight)
print(model.bias)
