# Source: Stack Overflow, "Why does my loss not require grad after using .item()?" (question reconstructed from memory; URL is a search for it)
# URL: https://stackoverflow.com/search?q=pytorch+item+breaks+graph+element+0+of+tensors+does+not+require+grad
import torch

w = torch.tensor(2.0, requires_grad=True)
y = w * 3
v = y.item()
print(type(v), v)
loss = torch.tensor(v) ** 2
print(loss.requires_grad)
loss.backward()
