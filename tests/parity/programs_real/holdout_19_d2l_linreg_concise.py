# Source: d2l.ai, 3.5 Concise Implementation of Linear Regression (PyTorch)
# URL: https://d2l.ai/chapter_linear-regression/linear-regression-concise.html
import torch
from torch import nn

X = torch.tensor([[1.0, 2.0], [2.0, -1.0], [0.5, 0.5], [-1.0, 1.5], [3.0, 0.0], [0.0, -2.0]])
true_w = torch.tensor([2, -3.4])
true_b = 4.2
y = (X @ true_w + true_b).reshape(-1, 1)

net = nn.Sequential(nn.Linear(2, 1))
net[0].weight.data.fill_(0.01)
net[0].bias.data.fill_(0)
loss = nn.MSELoss()
trainer = torch.optim.SGD(net.parameters(), lr=0.03)

num_epochs = 3
for epoch in range(num_epochs):
    for i in range(0, 6, 2):
        l = loss(net(X[i:i + 2]), y[i:i + 2])
        trainer.zero_grad()
        l.backward()
        trainer.step()
    l = loss(net(X), y)
    print(f'epoch {epoch + 1}, loss {l:f}')

w = net[0].weight.data
print('error in estimating w:', true_w - w.reshape(true_w.shape))
b = net[0].bias.data
print('error in estimating b:', true_b - b)
