# Source: d2l.ai, "Adagrad" (implementation from scratch)
# URL: https://d2l.ai/chapter_optimization/adagrad.html
import torch


def init_adagrad_states(feature_dim):
    s_w = torch.zeros((feature_dim, 1))
    s_b = torch.zeros(1)
    return (s_w, s_b)


def adagrad(params, states, hyperparams):
    eps = 1e-6
    for p, s in zip(params, states):
        with torch.no_grad():
            s[:] += torch.square(p.grad)
            p[:] -= hyperparams['lr'] * p.grad / torch.sqrt(s + eps)
        p.grad.data.zero_()


w = torch.tensor([[0.5], [-0.3]], requires_grad=True)
b = torch.zeros(1, requires_grad=True)
states = init_adagrad_states(2)
X = torch.tensor([[1.0, 2.0], [3.0, -1.0], [0.5, 0.5]])
y = torch.tensor([[1.0], [2.0], [0.0]])
for epoch in range(3):
    l = ((X @ w + b - y) ** 2 / 2).mean()
    l.backward()
    adagrad([w, b], states, {'lr': 0.1})
print(w, b, states[0])
