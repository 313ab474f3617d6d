# Source: PyTorch docs, torch.linalg.norm (examples; then a gradient)
# URL: https://pytorch.org/docs/stable/generated/torch.linalg.norm.html
import torch
from torch import linalg as LA

a = torch.arange(9, dtype=torch.float) - 4
print(a)
B = a.reshape((3, 3))
print(B)
print(LA.norm(a))
print(LA.norm(B))
print(LA.norm(B, 'fro'))
print(LA.norm(a, float('inf')))
print(LA.norm(B, float('inf')))
print(LA.norm(a, -float('inf')))
print(LA.norm(B, -float('inf')))
print(LA.norm(a, 1))
print(LA.norm(B, 1))
print(LA.norm(a, -1))
print(LA.norm(B, -1))
print(LA.norm(a, 2))
print(LA.norm(B, 2))
print(LA.norm(a, -2))
print(LA.norm(a, 3))
print(LA.norm(a, -3))
w = torch.tensor([[3.0, 4.0], [0.0, 12.0]], requires_grad=True)
LA.norm(w).backward()
print(w.grad)
