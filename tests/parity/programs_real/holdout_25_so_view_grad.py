# Source: Stack Overflow, "Does view() keep the gradient in PyTorch?" (question reconstructed from memory; URL is a search for it)
# URL: https://stackoverflow.com/search?q=pytorch+view+keeps+gradient
import torch

x = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], requires_grad=True)
y = x.view(3, 2)
z = y.t() @ y
z.sum().backward()
print(y.grad_fn)
print(z)
print(x.grad)
