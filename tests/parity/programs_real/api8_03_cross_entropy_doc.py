# Source: PyTorch docs, torch.nn.CrossEntropyLoss (examples; random tensors -> literals)
# URL: https://pytorch.org/docs/stable/generated/torch.nn.CrossEntropyLoss.html
# (class indices, probabilities, label smoothing)
import torch
import torch.nn as nn

# Example of target with class indices
loss = nn.CrossEntropyLoss()
input = torch.tensor([[0.2, -1.0, 0.5, 1.2, 0.0],
                      [1.1, 0.3, -0.4, 0.0, 0.9],
                      [-0.6, 0.8, 0.1, -1.3, 0.4]], requires_grad=True)
target = torch.tensor([3, 0, 1])
output = loss(input, target)
output.backward()
print(output)

# Example of target with class probabilities
target = torch.tensor([[0.1, 0.2, 0.3, 0.3, 0.1],
                       [0.5, 0.1, 0.1, 0.2, 0.1],
                       [0.0, 0.6, 0.2, 0.1, 0.1]])
output = loss(input, target)
output.backward()
print(output)

smooth = nn.CrossEntropyLoss(label_smoothing=0.1)
out3 = smooth(input, torch.tensor([3, 0, 1]))
print(out3)
weighted = nn.CrossEntropyLoss(weight=torch.tensor([1.0, 2.0, 1.0, 0.5, 1.0]),
                               ignore_index=1)
out4 = weighted(input, torch.tensor([3, 0, 1]))
print(out4)
print(input.grad)
