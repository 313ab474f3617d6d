# Source: d2l.ai, "Custom Layers" (layers without and with parameters)
# URL: https://d2l.ai/chapter_builders-guide/custom-layer.html
# Random weights and inputs replaced by literals; sizes shrunk.
import torch
from torch import nn
from torch.nn import functional as F


class CenteredLayer(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, X):
        return X - X.mean()


layer = CenteredLayer()
print(layer(torch.tensor([1.0, 2, 3, 4, 5])))


class MyLinear(nn.Module):
    def __init__(self, in_units, units):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(in_units, units))
        self.bias = nn.Parameter(torch.randn(units,))

    def forward(self, X):
        linear = torch.matmul(X, self.weight.data) + self.bias.data
        return F.relu(linear)


linear = MyLinear(5, 3)
with torch.no_grad():
    linear.weight.copy_(torch.tensor([[0.1, -0.2, 0.3], [0.4, 0.5, -0.6], [-0.7, 0.8, 0.9],
                                      [1.0, -1.1, 0.2], [0.3, 0.4, -0.5]]))
    linear.bias.copy_(torch.tensor([0.1, 0.0, -0.1]))
print(linear.weight)
print(linear(torch.tensor([[0.5, 0.1, 0.9, 0.3, 0.7], [0.2, 0.8, 0.4, 0.6, 0.0]])))
