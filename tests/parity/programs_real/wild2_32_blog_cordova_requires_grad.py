# Source: ignaciocordova/masters_thesis notebook, "Requires grad: True" and "Simple example" (torch.rand replaced by literals)
# URL: https://github.com/ignaciocordova/masters_thesis
import torch

x = torch.tensor([[0.6868, 0.5720], [0.0277, 0.7773]], requires_grad=True)
print(x)

y = x + 2
print(y)

z = y * y * 2
#z = z.mean()
print(z)

v = torch.tensor([[1, 0.1], [0.01, 0.001]], dtype=torch.float32)

z.backward(v)
print(x.grad)

weights = torch.ones(4, requires_grad=True)

for epoch in range(5):

    # dummy operation
    model_ouput = (weights * 3).sum()

    model_ouput.backward()

    print(weights.grad)
