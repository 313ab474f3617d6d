# Source: PyTorch Forums, "Adding L1/L2 regularization in a Convolutional Networks in PyTorch?" (gradient of abs at 0)
# URL: https://discuss.pytorch.org/t/adding-l1-l2-regularization-in-a-convolutional-networks-in-pytorch/7734
import torch
x = torch.linspace(-1.0, 1.0, 5, requires_grad=True)
y = torch.abs(x)
y[2].backward()
print(x.grad)
