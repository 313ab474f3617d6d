# Source: PyTorch docs, torch.nn.Linear (example; randn(128, 20) replaced by literal rows; written from memory; initial weights filled)
# URL: https://pytorch.org/docs/stable/generated/torch.nn.Linear.html
import torch
import torch.nn as nn

m = nn.Linear(20, 30)
with torch.no_grad():
    for p in m.parameters():
        p.fill_(0.05)
input = torch.tensor([[0.1 * i - 1.0 for i in range(20)],
                      [0.5 - 0.05 * i for i in range(20)]])
output = m(input)
print(output.size())
