# Source: PyTorch docs, torch.nn.LSTM (example; random tensors replaced by literals)
# URL: https://pytorch.org/docs/stable/generated/torch.nn.LSTM.html
import torch
import torch.nn as nn

rnn = nn.LSTM(3, 4, 2)
with torch.no_grad():
    for p in rnn.parameters():
        p.copy_(torch.linspace(-0.5, 0.5, p.numel()).reshape(p.shape))
print(rnn)
input = torch.tensor([[[0.5, -1.0, 0.2]], [[1.5, 0.3, -0.7]]])
h0 = torch.tensor([[[0.1, 0.0, -0.1, 0.2]], [[0.0, 0.3, 0.1, -0.2]]])
c0 = torch.tensor([[[0.2, -0.1, 0.0, 0.1]], [[-0.3, 0.1, 0.2, 0.0]]])
output, (hn, cn) = rnn(input, (h0, c0))
print(output)
print(hn.shape, cn.shape)
output.sum().backward()
print(rnn.weight_hh_l1.grad)
