# Source: Aayush Agrawal, "PyTorch book: Autograd" (blog notebook)
# URL: https://aayushmnit.com/pytorch_book/nbs/4_autograd.html
import torch
## initializing a anb b with requires grad = True
a = torch.tensor([5.], requires_grad=True)
b = torch.tensor([6.], requires_grad=True)
y = a**3 - b**2
print(y)

y.backward()
print(f"Gradient of a and b is {a.grad.item()} and {b.grad.item()} respectively.")
