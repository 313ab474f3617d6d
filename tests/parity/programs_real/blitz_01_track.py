# Source: PyTorch tutorials (0.4-1.x), "Autograd: Automatic Differentiation" (60 Minute Blitz)
# URL: https://pytorch.org/tutorials/beginner/former_torchies/autograd_tutorial_old.html
import torch

x = torch.ones(2, 2, requires_grad=True)
print(x)
y = x + 2
print(y)
print(y.grad_fn)
z = y * y * 3
out = z.mean()
print(z, out)
