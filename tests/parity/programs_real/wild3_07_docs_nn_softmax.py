# Source: PyTorch docs, torch.nn.Softmax (example; randn replaced by literals, print added; written from memory)
# URL: https://pytorch.org/docs/stable/generated/torch.nn.Softmax.html
import torch
import torch.nn as nn

m = nn.Softmax(dim=1)
input = torch.tensor([[0.3, -1.2, 2.1], [1.4, 0.2, -0.5]])
output = m(input)
print(output)
