"""engine.nn and engine.optim: module registration, Linear's default init, state dicts,
optimizer update rules (checked against torch when installed) and the transfer-learning
scenario from the tutorial: a frozen "pretrained" backbone and a new trainable head."""
from __future__ import annotations

import numpy as np
import pytest

import engine
from engine import nn, optim, tensor


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.backbone = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 6), nn.Tanh())
        self.fc = nn.Linear(6, 5)

    def forward(self, x):
        return self.fc(self.backbone(x))


def test_attribute_assignment_registers_parameters_and_modules():
    net = Net()
    names = [n for n, _ in net.named_parameters()]
    assert names == ["backbone.0.weight", "backbone.0.bias", "backbone.2.weight",
                     "backbone.2.bias", "fc.weight", "fc.bias"]
    net.fc = nn.Linear(6, 3)  # replacing the head, as in the tutorial
    assert net.fc.weight.shape == (3, 6)
    assert [n for n, _ in net.named_parameters()][-2:] == ["fc.weight", "fc.bias"]
    assert len(list(net.parameters())) == 6
    assert [type(m).__name__ for m in net.children()] == ["Sequential", "Linear"]
    net.scale = nn.Parameter(tensor([2.]))
    assert "scale" in dict(net.named_parameters())
    assert isinstance(net.scale, nn.Parameter) and net.scale.requires_grad and net.scale.is_leaf
    assert repr(net.scale) == "Parameter containing:\ntensor([2.], requires_grad=True)"
    assert repr(net.fc) == "Linear(in_features=6, out_features=3, bias=True)"
    assert repr(nn.Sequential(nn.Linear(2, 1), nn.ReLU())) == (
        "Sequential(\n  (0): Linear(in_features=2, out_features=1, bias=True)\n  (1): ReLU()\n)")


def test_linear_default_init_and_shapes():
    engine.manual_seed(0)
    lin = nn.Linear(100, 30)
    w, b = lin.weight.detach().numpy(), lin.bias.detach().numpy()
    bound = 1 / np.sqrt(100)
    assert w.shape == (30, 100) and b.shape == (30,) and w.dtype == np.float32
    assert np.abs(w).max() <= bound and np.abs(b).max() <= bound
    assert np.abs(w).max() > 0.9 * bound  # uniform over the whole range, kaiming(a=sqrt 5)
    assert abs(w.std() - bound / np.sqrt(3)) < 0.01
    y = lin(engine.randn(7, 100))
    assert y.shape == (7, 30) and y.grad_fn.name() == "AddmmBackward0"
    assert nn.Linear(3, 2, bias=False).bias is None


def test_train_eval_requires_grad_and_zero_grad():
    net = Net()
    assert net.training and net.eval() is net and not net.fc.training
    net.train()
    assert net.backbone[0].training
    net.backbone.requires_grad_(False)
    assert not any(p.requires_grad for p in net.backbone.parameters())
    loss = net(engine.randn(2, 4)).sum()
    loss.backward()
    assert net.fc.weight.grad is not None and net.backbone[0].weight.grad is None
    net.zero_grad()
    assert net.fc.weight.grad is None


def test_state_dict_holds_detached_tensors_sharing_storage_and_roundtrips():
    """As torch: state_dict() values are detached tensors over the parameters' storage (an
    optimizer step shows through; copy.deepcopy takes a snapshot); numpy arrays load too."""
    import copy
    a, b = Net(), Net()
    sd = a.state_dict()
    assert all(type(v) is engine.Tensor and not v.requires_grad for v in sd.values())
    assert list(sd) == [n for n, _ in a.named_parameters()]
    b.load_state_dict(sd)
    x = engine.randn(3, 4)
    assert np.array_equal(a(x).detach().numpy(), b(x).detach().numpy())
    snapshot = copy.deepcopy(sd)
    with engine.no_grad():
        a.fc.weight.add_(1.0)
    assert np.array_equal(sd["fc.weight"].numpy(), a.fc.weight.detach().numpy())  # shared
    assert not np.array_equal(snapshot["fc.weight"].numpy(), sd["fc.weight"].numpy())
    b.load_state_dict({k: v.numpy() for k, v in snapshot.items()})
    assert np.array_equal(b.fc.weight.detach().numpy(), snapshot["fc.weight"].numpy())
    sd = {k: v.numpy().copy() for k, v in sd.items()}
    bad = dict(sd)
    del bad["fc.bias"]
    bad["extra"] = np.zeros(1)
    with pytest.raises(RuntimeError) as e:
        b.load_state_dict(bad)
    assert str(e.value).startswith("Error(s) in loading state_dict for Net:")
    assert 'Unexpected key(s) in state_dict: "extra"' in str(e.value)
    assert 'Missing key(s) in state_dict: "fc.bias"' in str(e.value)
    wrong = dict(a.state_dict())
    wrong["fc.bias"] = np.zeros(2, np.float32)
    with pytest.raises(RuntimeError, match=r"size mismatch for fc.bias: copying a param with "
                                           r"shape torch.Size\(\[2\]\) from checkpoint"):
        b.load_state_dict(wrong)


def test_losses_as_modules():
    x = tensor([[1., 2., 3.], [1., 0., -1.]], requires_grad=True)
    ce = nn.CrossEntropyLoss()(x, tensor([2, 0]))
    p = np.exp([[1., 2., 3.], [1., 0., -1.]])
    p /= p.sum(1, keepdims=True)
    assert np.isclose(ce.item(), -np.mean(np.log([p[0, 2], p[1, 0]])), rtol=1e-6)
    mse = nn.MSELoss()(x, engine.zeros(2, 3))
    assert np.isclose(mse.item(), (1 + 4 + 9 + 1 + 0 + 1) / 6)
    assert nn.MSELoss(reduction="sum")(x, engine.zeros(2, 3)).item() == 16.
    ce.backward()
    np.testing.assert_allclose(x.grad.numpy(), (p - np.eye(3)[[2, 0]]) / 2, rtol=1e-5, atol=1e-7)


# ----------------------------------------------------------------------------- optimizers
def test_sgd_momentum_weight_decay_by_hand():
    p = nn.Parameter(tensor([1., -2.]))
    opt = optim.SGD([p], lr=0.1, momentum=0.9, weight_decay=0.5)
    p.grad = tensor([0.5, 0.5])
    opt.step()
    d1 = np.array([0.5, 0.5]) + 0.5 * np.array([1., -2.])
    want = np.array([1., -2.]) - 0.1 * d1
    np.testing.assert_allclose(p.detach().numpy(), want,
                               rtol=1e-6)
    p.grad = tensor([0.5, 0.5])
    opt.step()
    d2 = np.array([0.5, 0.5]) + 0.5 * want
    buf = 0.9 * d1 + d2
    np.testing.assert_allclose(p.detach().numpy(), want - 0.1 * buf, rtol=1e-6)
    opt.zero_grad()
    assert p.grad is None


def _train(B, sd, opt_name, steps=6, **kw):
    torch_like = B.__name__ == "torch"
    model = B.nn.Sequential(B.nn.Linear(3, 4), B.nn.Tanh(), B.nn.Linear(4, 2))
    model.load_state_dict({k: B.tensor(v) for k, v in sd.items()} if torch_like else sd)
    opt = getattr(B.optim, opt_name)(model.parameters(), **kw)
    x = B.tensor(np.linspace(-1, 1, 15, dtype=np.float32).reshape(5, 3))
    y = B.tensor(np.array([0, 1, 1, 0, 1]))
    losses = []
    for _ in range(steps):
        opt.zero_grad()
        loss = B.nn.functional.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return losses, {k: v.detach().numpy() for k, v in model.state_dict().items()}


@pytest.mark.parametrize("opt_name,kw", [
    ("SGD", dict(lr=0.5)), ("SGD", dict(lr=0.3, momentum=0.9, weight_decay=0.01)),
    ("Adam", dict(lr=0.05)), ("Adam", dict(lr=0.01, betas=(0.8, 0.9), weight_decay=0.1)),
])
def test_optimizers_match_torch(opt_name, kw):
    torch = pytest.importorskip("torch")
    engine.manual_seed(1)
    sd = {k: v.numpy() for k, v in
          nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 2)).state_dict().items()}
    le, we = _train(engine, sd, opt_name, **kw)
    lt, wt = _train(torch, sd, opt_name, **kw)
    np.testing.assert_allclose(le, lt, rtol=2e-5)
    for k in we:
        np.testing.assert_allclose(we[k], wt[k], rtol=2e-4, atol=2e-6)
    assert le[-1] < le[0]


# ----------------------------------------------------------------------------- transfer learning
def _pretrained_backbone(B, sd=None):
    bb = B.nn.Sequential(B.nn.Linear(4, 8), B.nn.ReLU(), B.nn.Linear(8, 6), B.nn.Tanh())
    if sd is not None:
        bb.load_state_dict({k: B.tensor(v) for k, v in sd.items()}
                           if B.__name__ == "torch" else sd)
    return bb


def _data():
    rng = np.random.default_rng(7)
    x = rng.standard_normal((12, 4)).astype(np.float32)
    y = (x[:, 0] + x[:, 1] > 0).astype(np.int64) + (x[:, 2] > 1).astype(np.int64)
    return x, y


def _finetune(B, bb_sd, head_sd, steps=8):
    backbone = _pretrained_backbone(B, bb_sd)
    for p in backbone.parameters():
        p.requires_grad = False  # freeze, as in the tutorial
    head = B.nn.Linear(6, 3)
    head.load_state_dict({k: B.tensor(v) for k, v in head_sd.items()}
                         if B.__name__ == "torch" else head_sd)
    model = B.nn.Sequential(backbone, head)
    opt = B.optim.SGD(model.parameters(), lr=0.2, momentum=0.9)
    x, y = _data()
    x, y = B.tensor(x), B.tensor(y)
    losses = []
    for _ in range(steps):
        opt.zero_grad()
        loss = B.nn.functional.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return model, losses


def test_transfer_learning_frozen_backbone():
    engine.manual_seed(3)
    bb_sd = {k: v.numpy() for k, v in _pretrained_backbone(engine).state_dict().items()}
    head_sd = {k: v.numpy() for k, v in nn.Linear(6, 3).state_dict().items()}
    model, losses = _finetune(engine, bb_sd, head_sd)
    backbone, head = model[0], model[1]
    for name, p in backbone.named_parameters():
        assert p.grad is None, name                       # frozen: no gradient at all
        assert np.array_equal(p.detach().numpy() if p.requires_grad else p.numpy(),
                              bb_sd[name]), name          # and unchanged
    assert head.weight.grad is not None
    assert not np.array_equal(head.weight.detach().numpy(), head_sd["weight"])
    assert losses[-1] < losses[0] * 0.8                    # the head learns
    # the frozen branch is not part of the backward graph
    out = model(engine.tensor(_data()[0]))
    assert out.grad_fn.name() == "AddmmBackward0"
    assert out.grad_fn.next_functions[1] == (None, 0)


def test_transfer_learning_numbers_equal_torch():
    torch = pytest.importorskip("torch")
    engine.manual_seed(3)
    bb_sd = {k: v.numpy() for k, v in _pretrained_backbone(engine).state_dict().items()}
    head_sd = {k: v.numpy() for k, v in nn.Linear(6, 3).state_dict().items()}
    me, le = _finetune(engine, bb_sd, head_sd)
    mt, lt = _finetune(torch, bb_sd, head_sd)
    np.testing.assert_allclose(le, lt, rtol=1e-5)
    np.testing.assert_allclose(me[1].weight.detach().numpy(), mt[1].weight.detach().numpy(),
                               rtol=1e-4, atol=1e-6)
    assert all(p.grad is None for p in mt[0].parameters())
