# Source: Stack Overflow, "Why does the gradient differ between loss.mean() and loss.sum()?" (question reconstructed from memory; URL is a search for it)
# URL: https://stackoverflow.com/search?q=pytorch+loss+mean+vs+sum+gradient
import torch

w = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
loss = (w ** 2).mean()
loss.backward()
print(w.grad)
w.grad.zero_()
loss = (w ** 2).sum()
loss.backward()
print(w.grad)
