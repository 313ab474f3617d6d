# Source: PyTorch docs, Autograd mechanics, Gradients for non-differentiable functions
# URL: https://pytorch.org/docs/stable/notes/autograd.html#gradients-for-non-differentiable-functions
import torch

x = torch.tensor([0.0, 1.0, 4.0], requires_grad=True)
y = torch.sqrt(x)
y.sum().backward()
print(x.grad)

z = torch.tensor([-1.0, 0.0, 2.0], requires_grad=True)
torch.relu(z).sum().backward()
print(z.grad)

w = torch.tensor([-2.0, 0.0, 3.0], requires_grad=True)
w.abs().sum().backward()
print(w.grad)
