# Source: Stack Overflow, "Pytorch - RuntimeError: Trying to backward through the graph a second time"
# URL: https://stackoverflow.com/questions/48274929/pytorch-runtimeerror-trying-to-backward-through-the-graph-a-second-time-but
import torch

x = torch.tensor([1.0, 2.0], requires_grad=True)
y = (x * x).sum()
y.backward()
print(x.grad)
y.backward()
print(x.grad)
