# Source: d2l.ai, "Minibatch Stochastic Gradient Descent" (sgd from scratch)
# URL: https://d2l.ai/chapter_optimization/minibatch-sgd.html
import torch


def sgd(params, states, hyperparams):
    for p in params:
        p.data.sub_(hyperparams['lr'] * p.grad)
        p.grad.data.zero_()


w = torch.tensor([[0.5], [-0.3]], requires_grad=True)
b = torch.zeros(1, requires_grad=True)
X = torch.tensor([[1.0, 2.0], [3.0, -1.0], [0.5, 0.5]])
y = torch.tensor([[1.0], [2.0], [0.0]])
for epoch in range(3):
    l = ((X @ w + b - y) ** 2 / 2).mean()
    l.backward()
    sgd([w, b], None, {'lr': 0.1})
    print(epoch, l.item())
print(w, b)
