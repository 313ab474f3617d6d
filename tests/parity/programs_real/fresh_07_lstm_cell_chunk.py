# Source: PyTorch repo, benchmarks/fastrnns/custom_lstms.py (LSTMCell.forward)
# URL: https://github.com/pytorch/pytorch/blob/main/benchmarks/fastrnns/custom_lstms.py
import torch

input = torch.tensor([[0.5, -1.0]])
hx = torch.tensor([[0.1, 0.2]])
cx = torch.tensor([[0.0, 0.3]])
weight_ih = torch.tensor([[0.1, 0.2], [0.3, -0.1], [0.0, 0.5], [-0.2, 0.4],
                          [0.6, 0.1], [0.2, 0.2], [-0.3, 0.1], [0.1, -0.4]], requires_grad=True)
weight_hh = torch.tensor([[0.2, 0.0], [0.1, 0.1], [-0.1, 0.3], [0.4, 0.2],
                          [0.0, -0.2], [0.3, 0.1], [0.2, 0.5], [-0.1, 0.0]], requires_grad=True)
bias_ih = torch.zeros(8, requires_grad=True)
bias_hh = torch.zeros(8, requires_grad=True)

gates = (torch.mm(input, weight_ih.t()) + bias_ih +
         torch.mm(hx, weight_hh.t()) + bias_hh)
ingate, forgetgate, cellgate, outgate = gates.chunk(4, 1)

ingate = torch.sigmoid(ingate)
forgetgate = torch.sigmoid(forgetgate)
cellgate = torch.tanh(cellgate)
outgate = torch.sigmoid(outgate)

cy = (forgetgate * cx) + (ingate * cellgate)
hy = outgate * torch.tanh(cy)
hy.sum().backward()
print(hy, cy)
print(weight_ih.grad)
print(bias_hh.grad)
