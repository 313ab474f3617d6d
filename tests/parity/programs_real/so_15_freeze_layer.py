# Source: Stack Overflow, "How to freeze selected layers of a model in Pytorch?"
# URL: https://stackoverflow.com/questions/62523912/freeze-certain-layers-of-an-existing-model-in-pytorch
# The layers' random initialisation replaced by literals.
import torch
from torch import nn

model = nn.Sequential(nn.Linear(2, 2), nn.ReLU(), nn.Linear(2, 1))
with torch.no_grad():
    model[0].weight.copy_(torch.tensor([[0.5, -0.5], [0.3, 0.8]]))
    model[0].bias.fill_(0.1)
    model[2].weight.copy_(torch.tensor([[1.0, -1.0]]))
    model[2].bias.fill_(0.0)

for param in model[0].parameters():
    param.requires_grad = False

for name, param in model.named_parameters():
    print(name, param.requires_grad)

x = torch.tensor([[1.0, 2.0]])
loss = model(x).sum()
loss.backward()
print(model[0].weight.grad)
print(model[2].weight.grad)
