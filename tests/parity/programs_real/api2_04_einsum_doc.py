# Source: PyTorch docs, torch.einsum (examples; random operands replaced by literals; then a gradient)
# URL: https://pytorch.org/docs/stable/generated/torch.einsum.html
import torch

# trace
print(torch.einsum('ii', torch.tensor([[1.0, 2.0], [3.0, 4.0]])))
# diagonal
print(torch.einsum('ii->i', torch.tensor([[1.0, 2.0], [3.0, 4.0]])))
# outer product
x = torch.tensor([1.0, 2.0, 3.0])
y = torch.tensor([4.0, 5.0])
print(torch.einsum('i,j->ij', x, y))
# batch matrix multiplication
As = torch.tensor([[[1.0, 0.0], [2.0, 1.0]], [[0.5, 1.0], [1.0, -1.0]]], requires_grad=True)
Bs = torch.tensor([[[1.0, 2.0, 0.0], [0.0, 1.0, 1.0]], [[2.0, 0.0, 1.0], [1.0, 1.0, 0.0]]])
C = torch.einsum('bij,bjk->bik', As, Bs)
print(C)
# batch permute
print(torch.einsum('...ij->...ji', As).shape)
C.sum().backward()
print(As.grad)
