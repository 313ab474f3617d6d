"""Programs that use torchvision.models: the seed tutorial's finetuning block runs as written on
the engine's model zoo, .npz weights are read only from the program's folder, and the bundled
shapes example finetunes a frozen backbone end to end."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections import OrderedDict
from pathlib import Path

import numpy as np
import pytest

from explorer.model.program import run_program

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "resources" / "examples"
PARITY = ROOT / "tests" / "parity"
sys.path.insert(0, str(PARITY))
import record_resnet as rec  # noqa: E402

FIX = json.loads((PARITY / "fixtures" / "resnet18.json").read_text(encoding="utf-8"))

# The quotation of the seed tutorial's block, verbatim (torchvision is not imported).
SEED_BLOCK = """\
from torch import nn, optim
model = torchvision.models.resnet18(pretrained=True)
for param in model.parameters():
    param.requires_grad = False
model.fc = nn.Linear(512, 10)
optimizer = optim.SGD(model.parameters(), lr=1e-2, momentum=0.9)
"""
# The current tutorial's spelling of it.
TUTORIAL_BLOCK = """\
import torch
from torchvision.models import resnet18, ResNet18_Weights
from torch import nn, optim

model = resnet18(weights=ResNet18_Weights.DEFAULT)

# Freeze all the parameters in the network
for param in model.parameters():
    param.requires_grad = False

model.fc = nn.Linear(512, 10)

# Optimize only the classifier
optimizer = optim.SGD(model.parameters(), lr=1e-2, momentum=0.9)
"""


def ok(src: str, **kw):
    r = run_program(src, **kw)
    assert r.error is None, r.error
    return r


@pytest.mark.parametrize("block", [SEED_BLOCK, TUTORIAL_BLOCK])
def test_seed_finetuning_block_runs_as_written_and_says_where_resnet_comes_from(block):
    seen = []
    r = ok(block, on_output=seen.append)
    model = r.names["model"]
    assert sum(p.numel() for p in model.parameters()) == 512 * 10 + 10 + (
        FIX["param_count"] - 512 * 1000 - 1000)
    assert [k for k, p in model.named_parameters() if p.requires_grad] == ["fc.weight",
                                                                        "fc.bias"]
    group = r.names["optimizer"].param_groups[0]
    assert group["momentum"] == 0.9 and len(group["params"]) == 62
    notes = "".join(seen)
    assert "torchvision.models is served by this app's model zoo" in notes
    assert "pretrained weights cannot be downloaded here" in notes
    assert r.output == ""  # the notes are not the program's output
    assert all(n.count("\n") == 0 for n in r.notes) and len(r.notes) == 2


def test_pretrained_keyword_warns_as_torchvision_does():
    r = ok(SEED_BLOCK)
    assert any("'pretrained' is deprecated since 0.13" in text for _, text in r.warnings)
    assert ok(TUTORIAL_BLOCK).warnings == []


def test_seed_block_numbers_match_torch_with_fixed_weights(tmp_path):
    """The block verbatim, then fixed weights and an input read from .npz files next to the
    program, a forward, backward and one SGD step: torch 2.13's numbers (record_resnet.py)."""
    data = rec.finetune_inputs(OrderedDict((k, tuple(v)) for k, v in FIX["state_dict"]))
    np.savez(tmp_path / "weights.npz", **data["weights"])
    np.savez(tmp_path / "batch.npz", x=data["x"], labels=data["labels"])
    src = SEED_BLOCK + """\
import torch
model.load_state_dict(torch.load("weights.npz"))
batch = torch.load("batch.npz")
prediction = model(batch["x"])
loss = (prediction - batch["labels"]).sum()
loss.backward()
optimizer.step()
"""
    r = ok(src, base_dir=str(tmp_path))
    want = FIX["finetune"]
    np.testing.assert_allclose(r.names["prediction"].detach().numpy(), want["logits"],
                               rtol=1e-4, atol=1e-4)
    assert r.names["loss"].item() == pytest.approx(want["loss"], rel=1e-4, abs=1e-3)
    model = r.names["model"]
    assert [k for k, p in model.named_parameters() if p.grad is not None] == ["fc.weight",
                                                                          "fc.bias"]
    np.testing.assert_allclose(model.fc.weight.grad.detach().numpy(), want["fc_weight_grad"],
                               rtol=1e-4, atol=1e-4)
    assert rec.backward_nodes(r.names["loss"].grad_fn) == want["backward_nodes"]
    assert np.array_equal(model.layer4[1].conv2.weight.detach().numpy(),
                          data["weights"]["layer4.1.conv2.weight"])


@pytest.mark.parametrize("src, words", [
    ('import torch\nsd = torch.load("model.pt")\n', "only .npz files can be read here"),
    ('import torch\nsd = torch.load("../w.npz")\n', "is outside the program's folder"),
    ('import torch\nsd = torch.load("/etc/w.npz")\n', "is outside the program's folder"),
    ('import torch\nsd = torch.load("absent.npz")\n', "absent.npz: no such file"),
    ('import torchvision\nm = torchvision.models.resnet18(weights="absent.npz")\n',
     "absent.npz: no such file"),
    ("import torchvision.transforms as T\n", "only torchvision.models is available here"),
    ('from torchvision import models\nm = models.resnet18(weights="IMAGENET1K_V2")\n',
     "weights='IMAGENET1K_V2'"),
])
def test_weights_files_are_read_only_as_npz_inside_the_programs_folder(tmp_path, src, words):
    (tmp_path / "w.npz").write_bytes(b"")  # present outside: still refused by where it is
    sub = tmp_path / "prog"
    sub.mkdir()
    r = run_program(src, base_dir=str(sub))
    assert r.error is not None and words in r.error and "\n" not in r.error


def test_without_a_folder_torch_load_says_so():
    r = run_program('import torch\nsd = torch.load("w.npz")\n')
    assert "this program has no folder" in r.error


# ------------------------------------------------------------------------------ shapes example
@pytest.fixture(scope="module")
def finetune_run():
    src = (EXAMPLES / "shapes_finetune.py").read_text(encoding="utf-8")
    return ok(src, base_dir=str(EXAMPLES))


def _accuracies(output: str) -> tuple:
    lines = [ln for ln in output.splitlines() if "test accuracy" in ln]
    return tuple(float(ln.rsplit(" ", 1)[1]) for ln in lines)


def test_shapes_finetuning_improves_accuracy(finetune_run):
    before, after = _accuracies(finetune_run.output)
    assert before < 0.6 and after >= 0.85 and after > before + 0.3


def test_shapes_finetuning_keeps_the_backbone_bit_identical(finetune_run):
    from engine.models import read_npz

    pretrained = read_npz(str(EXAMPLES / "shapes_backbone.npz"))
    state = finetune_run.names["model"].state_dict()
    for k, v in state.items():
        a = v.detach().numpy() if hasattr(v, "detach") else np.asarray(v)
        if k.startswith("fc."):
            assert a.shape[0] == 3
        else:
            assert np.array_equal(a, pretrained[k]), k


def test_shapes_files_are_small():
    for name in ("shapes_backbone.npz", "shapes_data.npz"):
        assert (EXAMPLES / name).stat().st_size < 400_000


def test_main_py_run_finetunes_the_shapes_example(tmp_path):
    for name in ("shapes_finetune.py", "shapes_backbone.npz", "shapes_data.npz"):
        shutil.copy(EXAMPLES / name, tmp_path / name)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    p = subprocess.run([sys.executable, str(ROOT / "main.py"), "run",
                        str(tmp_path / "shapes_finetune.py")], capture_output=True, text=True,
                       env=env, timeout=300)
    assert p.returncode == 0, p.stderr
    before, after = _accuracies(p.stdout)
    assert after > before + 0.3
    assert "model zoo" in p.stdout


def test_main_py_run_of_the_seed_block_ends_saying_only_fc_requires_and_holds_grad(tmp_path):
    """The block with the forward and backward the tutorial implies: the last line names the
    model's parameters that require grad (fc's) and those backward filled."""
    path = tmp_path / "seed.py"
    path.write_text("import torch\nimport torchvision\n" + SEED_BLOCK
                    + "x = torch.randn(2, 3, 32, 32)\nmodel.eval()\nloss = model(x).sum()\n"
                      "loss.backward()\n")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    p = subprocess.run([sys.executable, str(ROOT / "main.py"), "run", str(path)],
                       capture_output=True, text=True, env=env, timeout=300)
    assert p.returncode == 0, p.stderr
    count = FIX["param_count"] - 512 * 1000 - 1000 + 512 * 10 + 10
    assert p.stdout.splitlines()[-1] == (f"model: ResNet, {count:,} parameters; requires_grad: "
                                         "fc.weight, fc.bias (5,130); .grad: fc.weight, fc.bias")
    assert "loss = tensor(" in p.stdout
