# Source: PyTorch docs, torch.nn activation modules (examples m = nn.X(); output = m(input)),
# URL: https://pytorch.org/docs/stable/nn.html#non-linear-activations-weighted-sum-nonlinearity
# one input for all of them
import torch
import torch.nn as nn
import torch.nn.functional as F

# (inputs kept above -2.5: far in GELU's tail torch's float32 erf differs in the 4th digit)
input = torch.tensor([-2.0, -1.0, -0.2, 0.0, 0.4, 2.5], requires_grad=True)
for m in [nn.LeakyReLU(0.1), nn.ELU(), nn.SELU(), nn.GELU(), nn.GELU(approximate='tanh'),
          nn.SiLU(), nn.Mish(), nn.Softplus(), nn.Softsign(), nn.Hardtanh(-2, 2), nn.ReLU6(),
          nn.Hardswish(), nn.Hardsigmoid(), nn.LogSigmoid(), nn.Threshold(0.1, 20)]:
    output = m(input)
    print(m, output)
print(F.softmin(input, dim=0))
print(F.glu(torch.tensor([[1.0, -2.0, 0.5, 3.0]]), dim=1))
y = F.leaky_relu(input, 0.2) + F.elu(input) + F.gelu(input)
y.sum().backward()
print(y)
print(input.grad)
