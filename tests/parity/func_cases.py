"""``torch.func`` cases (jacrev, jacfwd, hessian, vmap, functional_call) run on torch and on
the engine: each returns printed results that must be equal.  Examples from the torch.func
docs, small literals instead of random inputs."""
from __future__ import annotations


def run(torch) -> list:
    F = torch.func; jacrev, jacfwd, hessian, vmap, functional_call, grad = F.jacrev, F.jacfwd, F.hessian, F.vmap, F.functional_call, F.grad
    out = []
    x = torch.tensor([0.3, -1.2, 0.8, 2.0, -0.5])
    out.append(str(jacrev(torch.sin)(x)))
    out.append(str(jacfwd(torch.sin)(x)))
    out.append(str(hessian(lambda x: x.sin().sum())(x)))
    f = lambda x, y: (x * y).sum() * x
    y = torch.tensor([1.0, 2.0, -1.0, 0.5, 3.0])
    out.append(str(jacrev(f, argnums=(0, 1))(x, y)))
    out.append(str(jacrev(jacrev(lambda x: (x ** 3).sum()))(x)))
    # vmap
    out.append(str(vmap(torch.dot)(torch.tensor([[1., 2.], [3., 4.]]), torch.tensor([[5., 6.], [7., 8.]]))))
    out.append(str(vmap(lambda a, b: a * b, in_dims=(0, None))(torch.tensor([[1., 2.], [3., 4.]]), torch.tensor([10., 20.]))))
    out.append(str(vmap(lambda a: a.sum(0), in_dims=1, out_dims=0)(torch.arange(6.).reshape(2, 3))))
    out.append(str(vmap(lambda a: a * 2, out_dims=1)(torch.arange(6.).reshape(2, 3))))
    # per-sample grads
    w = torch.tensor([0.5, -1.0])
    X = torch.tensor([[1., 2.], [3., 4.], [-1., 0.5]])
    loss = lambda w, x: (x @ w) ** 2
    out.append(str(vmap(grad(loss), in_dims=(None, 0))(w, X)))
    out.append(str(vmap(jacrev(torch.sin))(X)))
    torch.manual_seed(0)
    lin = torch.nn.Linear(2, 1)
    params = {"weight": torch.tensor([[1., 2.]]), "bias": torch.tensor([0.5])}
    out.append(str(functional_call(lin, params, (X,))))
    out.append(str(lin.weight.shape))
    out.append(str(jacfwd(f, argnums=(0, 1))(x, y)))
    j, aux = jacrev(lambda x: (x.exp(), x.sum()), has_aux=True)(x)
    out.append(str((j, aux)))
    out.append(str(vmap(vmap(torch.dot))(torch.ones(2, 3, 4), torch.arange(24.).reshape(2, 3, 4))))
    out.append(str(vmap(lambda a: (a.sum(), a * 2))(torch.arange(6.).reshape(3, 2))))
    out.append(str(jacrev(lambda A, v: A @ v, argnums=1)(torch.tensor([[1., 2.], [3., 4.]]), torch.tensor([1., -1.]))))
    return out
