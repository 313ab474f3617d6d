# Source: PyTorch docs, the examples of torch.diff, torch.trace, torch.meshgrid, torch.cumprod
# URL: https://pytorch.org/docs/stable/generated/torch.diff.html
# URL: https://pytorch.org/docs/stable/generated/torch.meshgrid.html
# (torch.randn(10) in the cumprod example replaced by literals; the cartesian_prod line left out)
import torch

a = torch.tensor([1, 3, 2])
print(torch.diff(a))
b = torch.tensor([4, 5])
print(torch.diff(a, append=b))
c = torch.tensor([[1, 2, 3], [3, 4, 5]])
print(torch.diff(c, dim=0))
print(torch.diff(c, dim=1))

x = torch.arange(1., 10.).view(3, 3)
print(x)
print(torch.trace(x))

x = torch.tensor([1, 2, 3])
y = torch.tensor([4, 5, 6])
grid_x, grid_y = torch.meshgrid(x, y, indexing='ij')
print(grid_x)
print(grid_y)

a = torch.tensor([0.6001, 0.2069, -0.1919, 0.9792, 0.6727, 1.0062, 0.4126, -0.2129, -0.4206, 0.1968])
print(torch.cumprod(a, dim=0))
a[5] = 0.0
print(torch.cumprod(a, dim=0))
