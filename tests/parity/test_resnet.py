"""The seed tutorial's finetuning block on the engine's ResNet-18 against torch 2.13, with fixed
weights and a fixed input (``torch_resnet.seeded_state_dict``, no weights file committed):
logits, loss, batch-norm statistics, ``fc``'s gradients, the backward graph's nodes (only
``fc``'s branch) and two ``SGD(momentum=0.9)`` steps. Fixture: fixtures/resnet18.json
(record_resnet.py); the ``torch`` tests compare live."""
from __future__ import annotations

import json
import sys
from collections import OrderedDict
from pathlib import Path

import numpy as np
import pytest

import engine
from engine import nn, optim
from engine.models import resnet18

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import record_resnet as rec  # noqa: E402
import torch_resnet as tr  # noqa: E402

FIX = json.loads((HERE / "fixtures" / "resnet18.json").read_text(encoding="utf-8"))
SHAPES = OrderedDict((k, tuple(v)) for k, v in FIX["state_dict"])


def _np(v) -> np.ndarray:
    return v.detach().numpy() if hasattr(v, "detach") else np.asarray(v)


def _load(m, arrays):
    m.load_state_dict(OrderedDict((k, engine.tensor(v)) for k, v in arrays.items()))


@pytest.fixture(scope="module")
def finetuned():
    """The seed's finetuning block on fixed weights and a fixed input, as the recorder ran it."""
    engine.manual_seed(0)
    model = resnet18()
    for param in model.parameters():
        param.requires_grad = False
    model.fc = nn.Linear(512, 10)
    optimizer = optim.SGD(model.parameters(), lr=1e-2, momentum=0.9)
    data = rec.finetune_inputs(SHAPES)
    _load(model, data["weights"])
    before = {k: np.array(_np(v), copy=True) for k, v in model.state_dict().items()}
    x, labels = engine.tensor(data["x"]), engine.tensor(data["labels"])
    prediction = model(x)
    loss = (prediction - labels).sum()
    loss.backward()
    out = {"model": model, "prediction": prediction, "loss": loss, "before": before,
           "grad_w": model.fc.weight.grad.detach().numpy().copy(),
           "grad_b": model.fc.bias.grad.detach().numpy().copy(),
           "bn1_running_mean": model.bn1.running_mean.detach().numpy().copy()}
    optimizer.step()
    optimizer.zero_grad()
    loss2 = (model(x) - labels).sum()
    loss2.backward()
    optimizer.step()
    out["loss2"] = loss2
    return out


def test_finetuning_block_logits_and_loss_match_torch(finetuned):
    want = FIX["finetune"]
    np.testing.assert_allclose(finetuned["prediction"].detach().numpy(), want["logits"],
                               rtol=1e-4, atol=1e-4)
    assert finetuned["loss"].item() == pytest.approx(want["loss"], rel=1e-4, abs=1e-3)
    np.testing.assert_allclose(finetuned["bn1_running_mean"], want["bn1_running_mean"],
                               rtol=1e-4, atol=1e-5)


def test_finetuning_block_grads_reach_only_the_new_head(finetuned):
    want = FIX["finetune"]
    np.testing.assert_allclose(finetuned["grad_w"], want["fc_weight_grad"], rtol=1e-4,
                               atol=1e-4)
    np.testing.assert_allclose(finetuned["grad_b"], want["fc_bias_grad"], rtol=1e-5)
    model = finetuned["model"]
    assert [k for k, p in model.named_parameters() if p.grad is not None] == \
        ["fc.weight", "fc.bias"]


def test_backward_graph_of_the_frozen_resnet_is_fcs_branch_only(finetuned):
    assert rec.backward_nodes(finetuned["loss"].grad_fn) == FIX["finetune"]["backward_nodes"]
    assert FIX["finetune"]["backward_nodes"][2:] == [
        "AddmmBackward0", "AccumulateGrad", "TBackward0", "AccumulateGrad"]


def test_two_momentum_steps_change_fc_as_torch_and_leave_the_backbone_bit_identical(finetuned):
    want = FIX["finetune"]
    model = finetuned["model"]
    assert finetuned["loss2"].item() == pytest.approx(want["loss2"], rel=1e-4, abs=1e-3)
    np.testing.assert_allclose(model.fc.weight.detach().numpy(),
                               want["fc_weight_after_2_steps"], rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(model.fc.bias.detach().numpy(), want["fc_bias_after_2_steps"],
                               rtol=1e-4, atol=1e-5)
    for k, p in model.named_parameters():
        if not k.startswith("fc."):
            assert np.array_equal(p.detach().numpy(), finetuned["before"][k]), k


@pytest.mark.torch
def test_live_against_torch_forward_with_fixed_weights():
    torch = pytest.importorskip("torch")
    weights = tr.seeded_state_dict(SHAPES)
    x = tr.seeded_input((1, 3, 64, 64))
    tm = tr.build_torch_resnet18().eval()
    tm.load_state_dict({k: torch.from_numpy(v) for k, v in weights.items()})
    engine.manual_seed(0)
    em = resnet18().eval()
    _load(em, weights)
    with torch.no_grad():
        want = tm(torch.from_numpy(x)).numpy()
    with engine.no_grad():
        got = em(engine.tensor(x)).numpy()
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-4)




@pytest.mark.torch
def test_live_finetuning_block_matches_torch(finetuned):
    pytest.importorskip("torch")
    want = rec.run_torch(SHAPES)
    np.testing.assert_allclose(finetuned["prediction"].detach().numpy(), want["logits"],
                               rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(finetuned["grad_w"], want["fc_weight_grad"], rtol=1e-4,
                               atol=1e-4)
    np.testing.assert_allclose(finetuned["model"].fc.weight.detach().numpy(),
                               want["fc_weight_after_2_steps"], rtol=1e-4, atol=1e-5)
    assert rec.backward_nodes(finetuned["loss"].grad_fn) == want["backward_nodes"]


@pytest.mark.torch
def test_converted_torch_state_dict_loads_as_weights_and_computes_the_same(tmp_path):
    """tools/convert_state_dict.py: a torch.save'd state dict -> .npz -> resnet18(weights=)."""
    torch = pytest.importorskip("torch")
    sys.path.insert(0, str(HERE.parents[1] / "tools"))
    import convert_state_dict

    torch.manual_seed(7)
    tm = tr.build_torch_resnet18().eval()
    torch.save(tm.state_dict(), tmp_path / "resnet18.pth")
    assert convert_state_dict.main([str(tmp_path / "resnet18.pth"),
                                    str(tmp_path / "resnet18.npz")]) == 0
    em = resnet18(weights=str(tmp_path / "resnet18.npz")).eval()
    assert int(_np(em.bn1.num_batches_tracked)) == int(tm.bn1.num_batches_tracked)
    x = tr.seeded_input((1, 3, 64, 64))
    with torch.no_grad():
        want = tm(torch.from_numpy(x)).numpy()
    with engine.no_grad():
        got = em(engine.tensor(x)).numpy()
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-4)
