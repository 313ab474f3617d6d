# Source: Stack Overflow, "Difference between .data and .detach() in PyTorch" (the .data half)
# URL: https://stackoverflow.com/questions/51743214/is-there-any-difference-between-x-detach-and-x-data
import torch

a = torch.tensor([1, 2, 3.], requires_grad=True)
out = a.sigmoid()
c = out.data
c.zero_()
print(out)
out.sum().backward()
print(a.grad)
