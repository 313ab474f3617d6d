# Source: PyTorch forums, "Check the gradient of nn.Linear by hand" (question reconstructed from memory; URL is a search for it)
# URL: https://discuss.pytorch.org/search?q=check+gradient+of+nn.Linear+by+hand+pytorch
import torch
import torch.nn as nn

lin = nn.Linear(3, 2)
with torch.no_grad():
    lin.weight.copy_(torch.tensor([[0.1, -0.2, 0.3], [0.4, 0.5, -0.6]]))
    lin.bias.copy_(torch.tensor([0.01, -0.02]))
x = torch.tensor([[1.0, 2.0, 3.0]])
out = lin(x)
out.sum().backward()
print(out)
print(lin.weight.grad)
print(lin.bias.grad)
print(torch.ones(2, 1) @ x)
