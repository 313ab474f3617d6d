# Source: Stack Overflow, "Why does backward() need retain_graph=True for two losses sharing a graph?"
# URL: https://stackoverflow.com/questions/46774641/what-does-the-parameter-retain-graph-mean-in-the-variables-backward-method
import torch

x = torch.tensor([1.0, 2.0], requires_grad=True)
h = x.exp()
loss1 = h.sum()
loss2 = (h ** 2).mean()
loss1.backward(retain_graph=True)
print(x.grad)
loss2.backward()
print(x.grad)
loss1.backward()
