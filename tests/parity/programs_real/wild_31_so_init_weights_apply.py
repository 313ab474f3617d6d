# Source: Stack Overflow, "How do I initialize weights in PyTorch?" (answer: init function passed to Module.apply)
# URL: https://stackoverflow.com/questions/49433936/how-do-i-initialize-weights-in-pytorch
# The xavier-initialised (random) weights are not printed, only the biases the answer sets.
import torch
import torch.nn as nn


def init_weights(m):
    if isinstance(m, nn.Linear):
        torch.nn.init.xavier_uniform(m.weight)
        m.bias.data.fill_(0.01)


net = nn.Sequential(nn.Linear(2, 2), nn.Linear(2, 2))
net.apply(init_weights)
print(net[0].bias, net[1].bias)
