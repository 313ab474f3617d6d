# Source: PyTorch tutorial "The Fundamentals of Autograd", detach()
# URL: https://pytorch.org/tutorials/beginner/introyt/autogradyt_tutorial.html
import torch

x = torch.tensor([0.2, 0.4, 0.6, 0.8, 1.0], requires_grad=True)
y = x.detach()

print(x)
print(y)
