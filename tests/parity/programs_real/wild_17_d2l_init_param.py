# Source: d2l.ai, "Parameter Initialization" (built-in initialization)
# URL: https://d2l.ai/chapter_builders-guide/init-param.html
# Random input replaced by literals; the normal init's random weights are not printed.
import torch
from torch import nn

net = nn.Sequential(nn.LazyLinear(8), nn.ReLU(), nn.LazyLinear(1))
X = torch.tensor([[0.1, 0.9, 0.4, 0.3], [0.7, 0.2, 0.5, 0.8]])
net(X).shape


def init_normal(module):
    if type(module) == nn.Linear:
        nn.init.normal_(module.weight, mean=0, std=0.01)
        nn.init.zeros_(module.bias)


net.apply(init_normal)
print(net[0].bias.data[0])


def init_constant(module):
    if type(module) == nn.Linear:
        nn.init.constant_(module.weight, 1)
        nn.init.zeros_(module.bias)


net.apply(init_constant)
print(net[0].weight.data[0], net[0].bias.data[0])
print(net(X))
