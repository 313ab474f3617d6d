# Source: PyTorch Forums, "L1 regularization for a single matrix" (answer; sizes 10 shrunk to 3, 1000 epochs to 5)
# URL: https://discuss.pytorch.org/t/l1-regularization-for-a-single-matrix/28088
# Random data, targets and initial weights replaced by literals.
import torch
import torch.nn as nn
import torch.optim as optim

model = nn.Sequential(
    nn.Linear(3, 3),
    nn.ReLU(),
    nn.Linear(3, 2)
)
with torch.no_grad():
    model[0].weight.copy_(torch.tensor([[0.2, -0.5, 0.1], [0.4, 0.3, -0.2], [-0.1, 0.6, 0.5]]))
    model[0].bias.copy_(torch.tensor([0.1, -0.1, 0.0]))
    model[2].weight.copy_(torch.tensor([[0.3, -0.4, 0.2], [-0.6, 0.1, 0.5]]))
    model[2].bias.copy_(torch.tensor([0.0, 0.05]))
x = torch.tensor([[0.5, -1.0, 0.3], [1.2, 0.4, -0.7], [-0.3, 0.8, 1.1]])
target = torch.tensor([1, 0, 1])
criterion = nn.CrossEntropyLoss()
optimizer = optim.SGD(model.parameters(), lr=1e-3)

for epoch in range(5):
    optimizer.zero_grad()
    output = model(x)
    loss = criterion(output, target)
    l1_norm = torch.norm(model[0].weight, p=1)
    loss += l1_norm
    loss.backward()
    optimizer.step()

    print('Epoch {}, loss {}, mat0 norm {}'.format(
        epoch, loss.item(), l1_norm.item()))
