# Source: d2l.ai, "Numerical Stability and Initialization" (vanishing gradients of the sigmoid)
# URL: https://d2l.ai/chapter_multilayer-perceptrons/numerical-stability-and-init.html
# Step 0.1 widened to 2.0; the d2l.plot call replaced by printing what it plots.
import torch

x = torch.arange(-8.0, 8.0, 2.0, requires_grad=True)
y = torch.sigmoid(x)
y.backward(torch.ones_like(x))

print(x.detach().numpy(), y.detach().numpy(), x.grad.numpy())
