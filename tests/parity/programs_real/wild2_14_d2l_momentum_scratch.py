# Source: Dive into Deep Learning, 12.6 Momentum, "Implementation from Scratch" (a three-step linear regression on literal rows drives it)
# URL: https://d2l.ai/chapter_optimization/momentum.html
import torch

def init_momentum_states(feature_dim):
    v_w = torch.zeros((feature_dim, 1))
    v_b = torch.zeros(1)
    return (v_w, v_b)

def sgd_momentum(params, states, hyperparams):
    for p, v in zip(params, states):
        with torch.no_grad():
            v[:] = hyperparams['momentum'] * v + p.grad
            p[:] -= hyperparams['lr'] * v
        p.grad.data.zero_()

X = torch.tensor([[1.0, 2.0], [0.5, -1.0], [2.0, 0.3]])
y = torch.tensor([[3.0], [-0.5], [2.5]])
w = torch.tensor([[0.1], [0.2]], requires_grad=True)
b = torch.zeros(1, requires_grad=True)
states = init_momentum_states(2)
for epoch in range(3):
    l = ((X @ w + b - y) ** 2 / 2).mean()
    l.backward()
    sgd_momentum([w, b], states, {'lr': 0.02, 'momentum': 0.5})
    print(f'epoch {epoch + 1}, loss {l.item():f}')
print(w, b)
