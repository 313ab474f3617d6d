# Source: Dive into Deep Learning, 6.4 Lazy Initialization (sizes shrunk, torch.rand replaced by literals)
# URL: https://d2l.ai/chapter_builders-guide/lazy-init.html
import torch
from torch import nn

net = nn.Sequential(nn.LazyLinear(4), nn.ReLU(), nn.LazyLinear(2))
print(net[0].weight)

X = torch.tensor([[0.1, 0.5, 0.9], [0.3, 0.7, 0.2]])
net(X)
print(net[0].weight.shape)
