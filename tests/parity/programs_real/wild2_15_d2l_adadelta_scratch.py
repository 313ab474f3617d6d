# Source: Dive into Deep Learning, 12.9 Adadelta, "Implementation" (a three-step linear regression on literal rows drives it)
# URL: https://d2l.ai/chapter_optimization/adadelta.html
import torch

def init_adadelta_states(feature_dim):
    s_w, s_b = torch.zeros((feature_dim, 1)), torch.zeros(1)
    delta_w, delta_b = torch.zeros((feature_dim, 1)), torch.zeros(1)
    return ((s_w, delta_w), (s_b, delta_b))

def adadelta(params, states, hyperparams):
    rho, eps = hyperparams['rho'], 1e-5
    for p, (s, delta) in zip(params, states):
        with torch.no_grad():
            # In-place updates via [:]
            s[:] = rho * s + (1 - rho) * torch.square(p.grad)
            g = (torch.sqrt(delta + eps) / torch.sqrt(s + eps)) * p.grad
            p[:] -= g
            delta[:] = rho * delta + (1 - rho) * g * g
        p.grad.data.zero_()

X = torch.tensor([[1.0, 2.0], [0.5, -1.0], [2.0, 0.3]])
y = torch.tensor([[3.0], [-0.5], [2.5]])
w = torch.tensor([[0.1], [0.2]], requires_grad=True)
b = torch.zeros(1, requires_grad=True)
states = init_adadelta_states(2)
for epoch in range(3):
    l = ((X @ w + b - y) ** 2 / 2).mean()
    l.backward()
    adadelta([w, b], states, {'rho': 0.9})
    print(f'epoch {epoch + 1}, loss {l.item():f}')
print(w, b)
