# Source: PyTorch tutorials, "What is torch.nn really?", "Using torch.nn.functional"
# URL: https://pytorch.org/tutorials/beginner/nn_tutorial.html
# MNIST replaced by a literal batch; torch.randn weights by literals.
import math
import torch
import torch.nn.functional as F

x_train = torch.tensor([[0.1, 0.5, 0.2, 0.0, 0.9, 0.3], [0.7, 0.1, 0.0, 0.4, 0.2, 0.8],
                        [0.3, 0.3, 0.9, 0.6, 0.1, 0.0], [0.0, 0.8, 0.4, 0.2, 0.5, 0.6]])
y_train = torch.tensor([2, 0, 1, 2])
weights = torch.tensor([[0.2, -0.1, 0.4], [0.3, 0.5, -0.6], [-0.2, 0.1, 0.3],
                        [0.6, -0.4, 0.2], [0.1, 0.2, -0.3], [-0.5, 0.3, 0.1]]) / math.sqrt(6)
weights.requires_grad_()
bias = torch.zeros(3, requires_grad=True)
bs = 4
xb = x_train[0:bs]
yb = y_train[0:bs]

loss_func = F.cross_entropy


def model(xb):
    return xb @ weights + bias


print(loss_func(model(xb), yb))
loss = loss_func(model(xb), yb)
loss.backward()
print(weights.grad)
print(bias.grad)
