"""The engine's model zoo against torchvision's ResNet-18 as torch 2.13 builds it
(tests/parity/fixtures/resnet18.json, recorded by tests/parity/record_resnet.py): architecture,
names, initialisation, the finetuning block's numbers with fixed weights, and the .npz reader."""
from __future__ import annotations

import json
import math
import sys
import zipfile
from collections import OrderedDict
from pathlib import Path

import numpy as np
import pytest

import engine
from engine import nn, optim
from engine.models import WeightsError, read_npz, resnet18, small_resnet

PARITY = Path(__file__).resolve().parents[1] / "parity"
sys.path.insert(0, str(PARITY))
import record_resnet as rec  # noqa: E402
import torch_resnet as tr  # noqa: E402

FIX = json.loads((PARITY / "fixtures" / "resnet18.json").read_text(encoding="utf-8"))
SHAPES = OrderedDict((k, tuple(v)) for k, v in FIX["state_dict"])


def _np(v) -> np.ndarray:
    """A parameter, buffer or state-dict entry as a numpy array."""
    return v.detach().numpy() if hasattr(v, "detach") else np.asarray(v)


@pytest.fixture(scope="module")
def model():
    engine.manual_seed(0)
    return resnet18()


# ------------------------------------------------------------------------------ architecture
def test_resnet18_has_torchvisions_parameters_names_and_shapes_in_order(model):
    assert sum(p.numel() for p in model.parameters()) == FIX["param_count"] == 11_689_512
    assert [[k, list(p.shape)] for k, p in model.named_parameters()] == FIX["named_parameters"]


def test_resnet18_state_dict_has_torchvisions_keys_with_buffers(model):
    sd = model.state_dict()
    assert [[k, list(_np(v).shape)] for k, v in sd.items()] == FIX["state_dict"]


def test_resnet18_prints_as_torchvision_does(model):
    assert repr(model) == FIX["repr"]
    assert repr(model.fc) == "Linear(in_features=512, out_features=1000, bias=True)"


def test_resnet18_initialisation_is_torchvisions(model):
    w = model.layer3[0].conv1.weight.detach().numpy()  # 256 x 128 x 3 x 3: fan_out = 256 * 9
    assert abs(w.std() - math.sqrt(2 / (256 * 9))) < 0.02 * math.sqrt(2 / (256 * 9))
    assert abs(w.mean()) < 1e-3
    assert np.all(model.layer2[0].bn1.weight.detach().numpy() == 1)
    assert np.all(model.layer2[0].downsample[1].bias.detach().numpy() == 0)
    bound = 1 / math.sqrt(512)
    fc = model.fc.weight.detach().numpy()
    assert fc.min() >= -bound and fc.max() <= bound and fc.std() > 0.5 * bound / math.sqrt(3)


def test_fresh_models_follow_the_engine_seed_and_the_stand_in_is_fixed():
    engine.manual_seed(5)
    a = resnet18().conv1.weight.detach().numpy()
    engine.manual_seed(5)
    b = resnet18().conv1.weight.detach().numpy()
    c = resnet18().conv1.weight.detach().numpy()
    assert np.array_equal(a, b) and not np.array_equal(a, c)
    engine.manual_seed(1)
    p1 = resnet18(pretrained=True).state_dict()
    engine.manual_seed(2)
    p2 = resnet18(weights="IMAGENET1K_V1").state_dict()
    assert all(np.array_equal(_np(p1[k]), _np(p2[k])) for k in p1)


def test_imagenet_weights_keep_1000_classes():
    with pytest.raises(ValueError, match="num_classes"):
        resnet18(weights="DEFAULT", num_classes=10)


# ------------------------------------------------------------------------------ parity
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
           "grad_w": model.fc.weight.grad.detach().numpy().copy(), "grad_b": model.fc.bias.grad.detach().numpy().copy(),
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


# ------------------------------------------------------------------------------ .npz weights
def test_weights_npz_round_trip_and_small_resnet(tmp_path):
    engine.manual_seed(3)
    a = small_resnet(num_classes=3)
    sd = {k: _np(v) for k, v in a.state_dict().items()}
    np.savez(tmp_path / "w.npz", **sd)
    b = small_resnet(weights=str(tmp_path / "w.npz"), num_classes=3)
    got = b.state_dict()
    assert all(np.array_equal(_np(got[k]), v) for k, v in sd.items())
    assert sum(p.numel() for p in b.parameters()) < 100_000


def test_wrong_weights_file_says_which_key_in_one_line(tmp_path):
    engine.manual_seed(3)
    sd = {k: _np(v) for k, v in small_resnet(num_classes=3).state_dict().items()}
    np.savez(tmp_path / "few.npz", **{k: v for k, v in sd.items() if k != "fc.bias"})
    with pytest.raises(WeightsError, match=r"few.npz does not fit ResNet: 1 missing \(first: "
                                           r"fc.bias\)"):
        small_resnet(weights=str(tmp_path / "few.npz"), num_classes=3)
    sd["fc.weight"] = np.zeros((5, 64), np.float32)
    np.savez(tmp_path / "shape.npz", **sd)
    with pytest.raises(WeightsError) as err:
        small_resnet(weights=str(tmp_path / "shape.npz"), num_classes=3)
    assert str(err.value) == ("shape.npz: fc.weight has shape (5, 64), the model's is (3, 64)")


def test_npz_reader_refuses_pickles_text_and_bombs(tmp_path):
    np.save(tmp_path / "obj.npy", np.array([{"a": 1}], dtype=object), allow_pickle=True)
    with zipfile.ZipFile(tmp_path / "obj.npz", "w") as zf:
        zf.write(tmp_path / "obj.npy", "w.npy")
    with pytest.raises(WeightsError, match="cannot be read as numeric arrays"):
        read_npz(str(tmp_path / "obj.npz"))
    np.savez(tmp_path / "text.npz", w=np.array(["a", "b"]))
    with pytest.raises(WeightsError, match="holds <U1 values, not numbers"):
        read_npz(str(tmp_path / "text.npz"))
    np.savez_compressed(tmp_path / "bomb.npz", w=np.zeros(3_000_000, np.float32))
    assert (tmp_path / "bomb.npz").stat().st_size < 100_000
    with pytest.raises(WeightsError, match="unpacks to 12,000,"):
        read_npz(str(tmp_path / "bomb.npz"), max_bytes=1_000_000)
    (tmp_path / "junk.npz").write_bytes(b"not a zip")
    with pytest.raises(WeightsError, match="is not a .npz file"):
        read_npz(str(tmp_path / "junk.npz"))
    with pytest.raises(WeightsError, match="no such file"):
        read_npz(str(tmp_path / "absent.npz"))
