# Source: Stack Overflow, "One of the differentiated Tensors appears to not have been used in the graph" (question reconstructed from memory; URL is a search for it)
# URL: https://stackoverflow.com/search?q=autograd.grad+allow_unused+One+of+the+differentiated+Tensors+appears+to+not+have+been+used+in+the+graph
import torch

x = torch.tensor(2.0, requires_grad=True)
y = torch.tensor(3.0, requires_grad=True)
z = x ** 2
gx, gy = torch.autograd.grad(z, [x, y], allow_unused=True)
print(gx, gy)
z2 = x ** 2
torch.autograd.grad(z2, [x, y])
