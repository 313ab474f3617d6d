# Source: d2l.ai, 5.1 Multilayer Perceptrons (derivative of ReLU and sigmoid)
# URL: https://d2l.ai/chapter_multilayer-perceptrons/mlp.html
import torch

x = torch.arange(-8.0, 8.0, 2.0, requires_grad=True)
y = torch.relu(x)
y.backward(torch.ones_like(x), retain_graph=True)
print(x.grad)

y = torch.sigmoid(x)
x.grad.data.zero_()
y.backward(torch.ones_like(x), retain_graph=True)
print(x.grad)

y = torch.tanh(x)
x.grad.data.zero_()
y.backward(torch.ones_like(x), retain_graph=True)
print(x.grad)
