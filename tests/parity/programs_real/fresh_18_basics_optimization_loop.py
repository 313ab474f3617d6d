# Source: PyTorch tutorials, "Optimizing Model Parameters" (train loop, sizes shrunk)
# URL: https://pytorch.org/tutorials/beginner/basics/optimization_tutorial.html
import torch
from torch import nn


class NeuralNetwork(nn.Module):
    def __init__(self):
        super().__init__()
        self.flatten = nn.Flatten()
        self.linear_relu_stack = nn.Sequential(
            nn.Linear(4, 3),
            nn.ReLU(),
            nn.Linear(3, 2),
        )

    def forward(self, x):
        x = self.flatten(x)
        logits = self.linear_relu_stack(x)
        return logits


model = NeuralNetwork()
with torch.no_grad():
    for p in model.parameters():
        p.fill_(0.1)
learning_rate = 1e-1
loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=learning_rate)
X = torch.tensor([[[1.0, 0.0], [0.5, -1.0]], [[0.0, 2.0], [1.0, 1.0]]])
y = torch.tensor([0, 1])
model.train()
for batch in range(3):
    pred = model(X)
    loss = loss_fn(pred, y)
    loss.backward()
    optimizer.step()
    optimizer.zero_grad()
    print(f"loss: {loss.item():>7f}")
