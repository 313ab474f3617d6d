# Source: PyTorch docs, torch.nn.functional.binary_cross_entropy (example; random tensors replaced by literals)
# URL: https://pytorch.org/docs/stable/generated/torch.nn.functional.binary_cross_entropy.html
import torch
import torch.nn.functional as F

input = torch.tensor([[0.3, -1.1], [0.8, 0.2], [-0.5, 1.7]], requires_grad=True)
target = torch.tensor([[0.9, 0.1], [0.4, 0.7], [0.2, 0.6]], requires_grad=False)
loss = F.binary_cross_entropy(torch.sigmoid(input), target)
loss.backward()
print(loss)
print(input.grad)
