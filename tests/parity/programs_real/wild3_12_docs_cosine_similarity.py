# Source: PyTorch docs, torch.nn.CosineSimilarity (example; sizes shrunk, randn replaced by literals; written from memory)
# URL: https://pytorch.org/docs/stable/generated/torch.nn.CosineSimilarity.html
import torch
import torch.nn as nn

input1 = torch.tensor([[0.2, -1.3, 0.8, 0.5], [1.1, 0.4, -0.6, 0.9], [-0.7, 0.3, 1.2, -0.2]])
input2 = torch.tensor([[0.9, 0.1, -0.4, 1.3], [-0.5, 0.8, 0.7, 0.2], [0.6, -1.0, 0.4, 0.3]])
cos = nn.CosineSimilarity(dim=1, eps=1e-6)
output = cos(input1, input2)
print(output)
