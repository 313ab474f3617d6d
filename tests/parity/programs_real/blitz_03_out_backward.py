# Source: PyTorch tutorials (0.4-1.x), "Autograd: Automatic Differentiation" (60 Minute Blitz), "Gradients"
# URL: https://pytorch.org/tutorials/beginner/blitz/autograd_tutorial.html (1.x version)
import torch

x = torch.ones(2, 2, requires_grad=True)
y = x + 2
z = y * y * 3
out = z.mean()
out.backward()
print(x.grad)
