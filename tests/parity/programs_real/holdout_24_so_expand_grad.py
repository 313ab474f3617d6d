# Source: Stack Overflow, "Gradient of repeat / expand in PyTorch" (question reconstructed from memory; URL is a search for it)
# URL: https://stackoverflow.com/search?q=pytorch+gradient+of+expand+vs+repeat
import torch

a = torch.tensor([[1.0], [2.0]], requires_grad=True)
b = a.expand(2, 3)
c = a.repeat(1, 3)
(b * c).sum().backward()
print(b)
print(a.grad)
