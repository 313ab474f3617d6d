# Source: PyTorch tutorials (0.4-1.x), "Autograd: Automatic Differentiation", stop tracking
# URL: https://pytorch.org/tutorials/beginner/blitz/autograd_tutorial.html (1.x version)
import torch

x = torch.tensor([0.3, -1.1, 0.8], requires_grad=True)
print(x.requires_grad)
print((x ** 2).requires_grad)

with torch.no_grad():
    print((x ** 2).requires_grad)
