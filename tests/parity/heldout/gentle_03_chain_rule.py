# Source: Machine Learning Mastery, "Calculating Derivatives in PyTorch" (chain rule part)
# URL: https://machinelearningmastery.com/calculating-derivatives-in-pytorch/
import torch

x = torch.tensor(3.0, requires_grad=True)
y = 3 * x ** 2
z = y.sin()
z.backward()
print(x.grad)
print(torch.cos(torch.tensor(27.0)) * 18)
u = torch.tensor(2.0, requires_grad=True)
v = torch.tensor(1.5, requires_grad=True)
f = u ** 3 + v ** 2 + 4 * u * v
f.backward()
print(u.grad, v.grad)
