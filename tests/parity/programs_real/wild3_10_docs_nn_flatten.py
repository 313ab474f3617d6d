# Source: PyTorch docs, torch.nn.Flatten (examples; randn replaced by zeros of the same shape; written from memory)
# URL: https://pytorch.org/docs/stable/generated/torch.nn.Flatten.html
import torch
import torch.nn as nn

input = torch.zeros(32, 1, 5, 5)
# With default parameters
m = nn.Flatten()
output = m(input)
print(output.size())
# With non-default parameters
m = nn.Flatten(0, 2)
output = m(input)
print(output.size())
