# Source: d2l.ai, "Implementation of Multilayer Perceptrons" (from scratch)
# URL: https://d2l.ai/chapter_multilayer-perceptrons/mlp-implementation.html
import torch
from torch import nn


def relu(X):
    a = torch.zeros_like(X)
    return torch.max(X, a)


W1 = nn.Parameter(torch.tensor([[0.1, -0.2, 0.3], [0.4, 0.1, -0.5]]))
b1 = nn.Parameter(torch.zeros(3))
W2 = nn.Parameter(torch.tensor([[0.2, -0.1], [0.3, 0.5], [-0.4, 0.2]]))
b2 = nn.Parameter(torch.zeros(2))


def forward(X):
    X = X.reshape((-1, 2))
    H = relu(torch.matmul(X, W1) + b1)
    return torch.matmul(H, W2) + b2


X = torch.tensor([[1.0, 2.0], [-1.0, 0.5]])
y = torch.tensor([0, 1])
loss = nn.functional.cross_entropy(forward(X), y)
loss.backward()
print(loss, W1.grad, b2.grad)
