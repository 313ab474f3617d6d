# Source: Stack Overflow, "Gradient of matrix multiplication in PyTorch" (question reconstructed from memory; URL is a search for it)
# URL: https://stackoverflow.com/search?q=pytorch+gradient+of+matrix+multiplication
import torch

A = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
B = torch.tensor([[5.0, 6.0], [7.0, 8.0]], requires_grad=True)
C = A @ B
C.backward(torch.ones(2, 2))
print(C)
print(A.grad)
print(B.grad)
print(torch.ones(2, 2) @ B.t())
