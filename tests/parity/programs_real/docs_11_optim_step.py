# Source: PyTorch documentation, torch.optim, "Taking an optimization step"
# URL: https://pytorch.org/docs/stable/optim.html
# The dataset and the model's random initialisation replaced by literals.
import torch
from torch import nn, optim

model = nn.Linear(2, 1)
with torch.no_grad():
    model.weight.copy_(torch.tensor([[0.5, -0.3]]))
    model.bias.fill_(0.1)
loss_fn = nn.MSELoss()
dataset = [(torch.tensor([[1.0, 2.0]]), torch.tensor([[1.0]])),
           (torch.tensor([[0.5, -1.0]]), torch.tensor([[0.0]])),
           (torch.tensor([[2.0, 0.0]]), torch.tensor([[2.0]]))]
optimizer = optim.SGD(model.parameters(), lr=0.01, momentum=0.9)

for input, target in dataset:
    optimizer.zero_grad()
    output = model(input)
    loss = loss_fn(output, target)
    loss.backward()
    optimizer.step()

print(model.weight, model.bias)
print(loss)
