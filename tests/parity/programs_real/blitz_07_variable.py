# Source: PyTorch tutorials (0.3), "Autograd: automatic differentiation" with Variable
# URL: https://pytorch.org/tutorials/beginner/blitz/autograd_tutorial.html (0.3 version)
import torch
from torch.autograd import Variable

x = Variable(torch.ones(2, 2), requires_grad=True)
print(x)
y = x + 2
print(y)
z = y * y * 3
out = z.mean()
print(z, out)
out.backward()
print(x.grad)
