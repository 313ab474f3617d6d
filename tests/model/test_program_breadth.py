"""The program runner serves the API-breadth additions (h8: torch.nn, optim, torch.utils.data):
the imports tutorials write, the note that shuffling uses the app's generator, and the refusals
that stay one clear line."""
from __future__ import annotations

from explorer.model.program import run_program
from explorer.model.program.facade import RANDOM_NOTE


def ok(src: str):
    r = run_program(src)
    assert r.error is None, r.error
    return r


def test_torch_utils_data_imports_and_batches_in_order():
    r = ok("""\
import torch
import torch.utils.data
from torch.utils.data import DataLoader, TensorDataset
X = torch.tensor([[1.0], [2.0], [3.0]])
y = torch.tensor([0, 1, 0])
ds = torch.utils.data.TensorDataset(X, y)
for xb, yb in DataLoader(TensorDataset(X, y), batch_size=2):
    print(xb.sum().item(), yb.tolist())
print(len(ds), len(DataLoader(ds, batch_size=2, drop_last=True)))
""")
    assert "".join(r.output) == "3.0 [0, 1]\n3.0 [0]\n3 1\n"
    assert RANDOM_NOTE not in r.notes


def test_shuffling_says_the_order_comes_from_the_apps_generator():
    r = ok("""\
import torch
from torch.utils.data import DataLoader, TensorDataset, random_split
ds = TensorDataset(torch.arange(6.))
seen = sorted(v for (b,) in DataLoader(ds, batch_size=4, shuffle=True) for v in b.tolist())
print(seen)
a, b = random_split(ds, [4, 2], generator=torch.Generator().manual_seed(0))
print(len(a), len(b))
""")
    assert "".join(r.output) == "[0.0, 1.0, 2.0, 3.0, 4.0, 5.0]\n4 2\n"
    assert RANDOM_NOTE in r.notes and "DataLoader(shuffle=True)" in RANDOM_NOTE


def test_new_layers_optimizers_and_schedulers_are_reachable():
    r = ok("""\
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.optim.lr_scheduler import CosineAnnealingLR, ReduceLROnPlateau
model = nn.Sequential(nn.Embedding(5, 3), nn.LSTM(3, 2, batch_first=True))
out, (h, c) = model(torch.tensor([[1, 2, 3]]))
opt = torch.optim.RAdam(model.parameters(), lr=0.1)
sched = CosineAnnealingLR(opt, T_max=2)
F.gelu(out).sum().backward()
torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
opt.step()
sched.step()
print(out.shape, h.shape, sched.get_last_lr())
print(nn.ModuleList([nn.GELU(), nn.GELU()]))
""")
    assert "".join(r.output).startswith("torch.Size([1, 3, 2]) torch.Size([1, 1, 2]) [0.05]")
    assert "(0-1): 2 x GELU(approximate='none')" in "".join(r.output)


def test_a_memory_bomb_layer_is_refused_before_allocating():
    r = run_program("import torch\nm = torch.nn.Embedding(10**7, 10**4)\n")
    assert r.error is not None and str(r.error).startswith("line 2")
    assert "100,000,000,000 elements" in str(r.error)


def test_torchvision_datasets_keep_their_one_line_refusal():
    for src in ("from torchvision import datasets\n", "import torchvision.datasets\n"):
        r = run_program(src)
        assert r.error is not None and "\n" not in str(r.error)
        assert "datasets" in str(r.error) and "not" in str(r.error)
