# Source: Stack Overflow, "grad can be implicitly created only for scalar outputs"
# URL: https://stackoverflow.com/questions/55749202/getting-gradient-of-vectorized-function-in-pytorch
import torch

x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = x ** 2
y.backward(torch.ones_like(y))
print(x.grad)
x.grad = None
y = x ** 2
y.backward()
