"""The engine's model zoo against torchvision's ResNet-18 as torch 2.13 builds it
(tests/parity/fixtures/resnet18.json, recorded by tests/parity/record_resnet.py): architecture,
names, printing, initialisation, and the .npz weights reader. The finetuning block's numbers
are checked in tests/parity/test_resnet.py."""
from __future__ import annotations

import json
import math
import zipfile
from pathlib import Path

import numpy as np
import pytest

import engine
from engine.models import WeightsError, read_npz, resnet18, small_resnet

PARITY = Path(__file__).resolve().parents[1] / "parity"

FIX = json.loads((PARITY / "fixtures" / "resnet18.json").read_text(encoding="utf-8"))


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
