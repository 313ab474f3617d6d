# Source: PyTorch docs, torch.nn.Bilinear (example; sizes shrunk, randn replaced by literals; written from memory; initial weights filled)
# URL: https://pytorch.org/docs/stable/generated/torch.nn.Bilinear.html
import torch
import torch.nn as nn

m = nn.Bilinear(2, 3, 4)
with torch.no_grad():
    for p in m.parameters():
        p.fill_(0.05)
input1 = torch.tensor([[0.5, -1.0], [1.5, 0.2], [-0.3, 0.8]])
input2 = torch.tensor([[0.1, 0.4, -0.6], [1.0, -0.2, 0.3], [0.7, 0.9, -1.1]])
output = m(input1, input2)
print(output.size())
