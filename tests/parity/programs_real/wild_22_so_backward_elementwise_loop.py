# Source: Stack Overflow, "Backward function in PyTorch" (answer: backward on each scalar element)
# URL: https://stackoverflow.com/questions/70246575/backward-function-in-pytorch
import torch

a = torch.tensor([[1,2,3],[4,5,6]], dtype=torch.float, requires_grad=True)
for i in range(2):
  for j in range(3):
    out = a[i,j] * a[i,j]
    out.backward()
print(a.grad)
