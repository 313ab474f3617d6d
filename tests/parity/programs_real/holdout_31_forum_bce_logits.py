# Source: PyTorch docs, torch.nn.BCEWithLogitsLoss / nn.MSELoss / nn.CrossEntropyLoss examples
# URL: https://pytorch.org/docs/stable/generated/torch.nn.CrossEntropyLoss.html
import torch
import torch.nn as nn

loss = nn.CrossEntropyLoss()
input = torch.tensor([[0.5, -1.2, 0.3, 2.0, -0.1], [1.1, 0.4, -0.7, 0.2, 0.9], [-0.3, 0.8, 1.5, -2.0, 0.6]], requires_grad=True)
target = torch.tensor([1, 0, 4])
output = loss(input, target)
output.backward()
print(output)
print(input.grad)

loss = nn.MSELoss()
input = torch.tensor([[0.5, -1.2, 0.3, 2.0, -0.1], [1.1, 0.4, -0.7, 0.2, 0.9]], requires_grad=True)
target = torch.tensor([[0.0, 1.0, 0.0, 1.0, 0.0], [1.0, 0.0, 1.0, 0.0, 1.0]])
output = loss(input, target)
output.backward()
print(output)
print(input.grad)
