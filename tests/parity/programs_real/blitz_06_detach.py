# Source: PyTorch tutorials (1.x), "Autograd: Automatic Differentiation", .detach()
# URL: https://pytorch.org/tutorials/beginner/blitz/autograd_tutorial.html (1.x version)
import torch

x = torch.tensor([0.3, -1.1, 0.8], requires_grad=True)
print(x.requires_grad)
y = x.detach()
print(y.requires_grad)
print(x.eq(y).all())
