# Source: PyTorch docs, torch.Tensor.scatter_ and scatter_add_ (examples; then a gradient)
# URL: https://pytorch.org/docs/stable/generated/torch.Tensor.scatter_.html
import torch

src = torch.arange(1, 11).reshape((2, 5))
print(src)
index = torch.tensor([[0, 1, 2, 0]])
print(torch.zeros(3, 5, dtype=src.dtype).scatter_(0, index, src))
index = torch.tensor([[0, 1, 2], [0, 1, 4]])
print(torch.zeros(3, 5, dtype=src.dtype).scatter_(1, index, src))
print(torch.full((2, 4), 2.).scatter_(1, torch.tensor([[2], [3]]), 1.23))

s = torch.ones(2, 5, requires_grad=True)
out = torch.zeros(3, 5).scatter_add(0, torch.tensor([[0, 1, 2, 0, 0], [2, 0, 0, 1, 2]]), s * 2)
print(out)
(out * torch.arange(15.).reshape(3, 5)).sum().backward()
print(s.grad)
