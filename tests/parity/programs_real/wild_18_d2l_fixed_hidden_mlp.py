# Source: d2l.ai, "Layers and Modules" (executing code in the forward propagation method; 20 units shrunk to 3)
# URL: https://d2l.ai/chapter_builders-guide/model-construction.html
# Random constant weights, layer init and input replaced by literals.
import torch
from torch import nn
from torch.nn import functional as F


class FixedHiddenMLP(nn.Module):
    def __init__(self):
        super().__init__()
        # Random weight parameters that will not compute gradients and
        # therefore keep constant during training
        self.rand_weight = torch.tensor([[0.2, 0.7, 0.1], [0.9, 0.3, 0.5], [0.4, 0.6, 0.8]])
        self.linear = nn.LazyLinear(3)

    def forward(self, X):
        X = self.linear(X)
        X = F.relu(X @ self.rand_weight + 1)
        # Reuse the fully connected layer. This is equivalent to sharing
        # parameters with two fully connected layers
        X = self.linear(X)
        # Control flow
        while X.abs().sum() > 1:
            X /= 2
        return X.sum()


net = FixedHiddenMLP()
X = torch.tensor([[0.5, 0.1, 0.9], [0.3, 0.7, 0.2]])
net(X)
with torch.no_grad():
    net.linear.weight.copy_(torch.tensor([[0.1, -0.2, 0.3], [0.4, 0.5, -0.6], [-0.7, 0.8, 0.9]]))
    net.linear.bias.copy_(torch.tensor([0.1, 0.0, -0.1]))
print(net(X))
