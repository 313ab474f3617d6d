# Source: PyTorch forums, "How does autograd handle broadcasting?"
# URL: https://discuss.pytorch.org/t/how-does-autograd-handle-broadcasting/3373
import torch

a = torch.tensor([[1.], [2.], [3.]], requires_grad=True)
b = torch.tensor([[10., 20.]], requires_grad=True)
c = a * b
c.sum().backward()
print(c)
print(a.grad)
print(b.grad)
