# Source: Stack Overflow (Russian mirror pullrequest.ru), "PyTorch: how to make specific module parameters static during training" (answer; weights filled, randn input replaced by literals)
# URL: http://pullrequest.ru/9554451/pytorch-kak-sdelat-opredelennyi-modul-parameters-staticheskim-vremya-obucheniya
import torch
import torch.nn as nn

s = nn.Sequential(nn.Linear(2, 2), nn.Linear(2, 2), nn.Linear(2, 2))
with torch.no_grad():
    for p in s.parameters():
        p.fill_(0.1)
params = list(s.parameters())  # .parameters() returns a generator
# Each linear layer has 2 parameters (.weight and .bias),
# Skipping first layer's parameters (indices 0, 1):
params[2].requires_grad = False
params[3].requires_grad = False
out = s(torch.tensor([[1.0, 2.0]])).sum()
out.backward()
for p in params:
    print(p.requires_grad, p.grad)
