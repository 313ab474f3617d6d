# Source: Stack Overflow, "Only Tensors of floating point dtype can require gradients" (integer arange) (question reconstructed from memory; URL is a search for it)
# URL: https://stackoverflow.com/search?q=Only+Tensors+of+floating+point+dtype+can+require+gradients+arange
import torch

x = torch.arange(4.0, requires_grad=True)
print(x)
y = torch.arange(4, requires_grad=True)
