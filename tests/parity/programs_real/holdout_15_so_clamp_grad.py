# Source: Stack Overflow, "How does PyTorch backprop through clamp?" (question reconstructed from memory; URL is a search for it)
# URL: https://stackoverflow.com/search?q=How+does+PyTorch+backprop+through+clamp
import torch

x = torch.tensor([-2.0, -0.5, 0.5, 2.0], requires_grad=True)
y = torch.clamp(x, min=-1.0, max=1.0)
y.sum().backward()
print(y)
print(x.grad)
