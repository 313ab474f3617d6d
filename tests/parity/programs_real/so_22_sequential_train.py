# Source: PyTorch forums, "A simple training loop with nn.Sequential, nn.MSELoss and optim.SGD"
# URL: https://discuss.pytorch.org/t/simple-regression-with-nn-sequential/12637
# The layers' random initialisation replaced by literals.
import torch
import torch.nn as nn
import torch.optim as optim

model = nn.Sequential(nn.Linear(1, 2), nn.Tanh(), nn.Linear(2, 1))
with torch.no_grad():
    model[0].weight.copy_(torch.tensor([[0.5], [-0.3]]))
    model[0].bias.copy_(torch.tensor([0.1, 0.2]))
    model[2].weight.copy_(torch.tensor([[0.7, -0.4]]))
    model[2].bias.fill_(0.05)
criterion = nn.MSELoss()
optimizer = optim.SGD(model.parameters(), lr=0.1)
x = torch.tensor([[0.0], [0.5], [1.0], [1.5]])
y = torch.tensor([[0.0], [0.25], [1.0], [2.25]])
for epoch in range(30):
    optimizer.zero_grad()
    out = model(x)
    loss = criterion(out, y)
    loss.backward()
    optimizer.step()
    if (epoch + 1) % 10 == 0:
        print('Epoch [{}/{}], Loss: {:.4f}'.format(epoch + 1, 30, loss.item()))
