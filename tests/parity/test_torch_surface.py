"""What a CPU build of torch 2.13 prints for f-strings of tensors, class names, devices and its
version, and the errors it raises: recorded below (CASES, from torch 2.13.0+cpu) and compared
live under the ``torch`` marker. The engine answers the same code as ``import torch``."""
from __future__ import annotations

import pytest

import engine

# expression (over `torch`) -> ("ok", repr of the value) or ("err", "Type: message")
CASES = {
    "f'{torch.tensor(18.)}'": ("ok", "'18.0'"),
    "f'{torch.tensor(0.25):.4f}'": ("ok", "'0.2500'"),
    "f'{torch.tensor(18.):>8.2e}'": ("ok", "'1.80e+01'"),
    "'{}'.format(torch.tensor(2., requires_grad=True) * 3)": ("ok", "'6.0'"),
    "'%f' % torch.tensor(2.)": ("ok", "'2.000000'"),
    "f'{torch.tensor(3)}'": ("ok", "'3'"),
    "f'{torch.tensor(3.):d}'": ("err", "ValueError: Unknown format code 'd' for object of type 'float'"),
    "f'{torch.ones(2)}'": ("ok", "'tensor([1., 1.])'"),
    "f'{torch.ones(1):.2f}'": ("err", "TypeError: unsupported format string passed to Tensor.__format__"),
    "f'{torch.nn.Parameter(torch.tensor(2.)):.2f}'": (
        "err", "TypeError: unsupported format string passed to Parameter.__format__"),
    "float(torch.ones(2))": ("err", "ValueError: only one element tensors can be converted to Python scalars"),
    "int(torch.tensor(-3.9))": ("ok", "-3"),
    "round(torch.tensor(2.5))": ("err", "TypeError: type Tensor doesn't define __round__ method"),
    "str(type(torch.ones(1)))": ("ok", "\"<class 'torch.Tensor'>\""),
    "str(type(torch.nn.Parameter(torch.ones(1))))": ("ok", "\"<class 'torch.nn.parameter.Parameter'>\""),
    "str(type(torch.nn.Linear(1, 1)))": ("ok", "\"<class 'torch.nn.modules.linear.Linear'>\""),
    "str(type(torch.nn.Sequential()))": ("ok", "\"<class 'torch.nn.modules.container.Sequential'>\""),
    "str(type(torch.nn.MSELoss()))": ("ok", "\"<class 'torch.nn.modules.loss.MSELoss'>\""),
    "str(type(torch.ones(2).shape))": ("ok", "\"<class 'torch.Size'>\""),
    "torch.__version__": ("ok", "'2.13.0+cpu'"),
    "torch.version.cuda": ("ok", "None"),
    "torch.ones(2, device='cuda')": ("err", "AssertionError: Torch not compiled with CUDA enabled"),
    "torch.tensor([1.], device='cuda')": ("err", "AssertionError: Torch not compiled with CUDA enabled"),
    "torch.tensor([1.], device='mps')": ("err", "RuntimeError: PyTorch is not linked with support for mps devices"),
    "torch.ones(2).to('mps')": ("err", "RuntimeError: PyTorch is not linked with support for mps devices"),
    "torch.nn.Linear(2, 2).to('cuda')": ("err", "AssertionError: Torch not compiled with CUDA enabled"),
    "torch.cuda.synchronize()": ("err", "AssertionError: Torch not compiled with CUDA enabled"),
    "torch.cuda.current_device()": ("err", "AssertionError: Torch not compiled with CUDA enabled"),
    "torch.cuda.empty_cache()": ("ok", "None"),
    "torch.cuda.device_count()": ("ok", "0"),
    "torch.backends.mps.is_available()": ("ok", "False"),
    "torch.ones(2, pin_memory=True)": ("err", "RuntimeError: pin_memory=True requires a CUDA or other "
                                              "accelerator backend; no pinned memory allocator is "
                                              "available on this system."),
    "torch.zeros(2, device=torch.device('cpu')).device": ("ok", "device(type='cpu')"),
    "str(torch.arange(3, device='cpu').device)": ("ok", "'cpu'"),
    "torch.ones(2).is_cuda": ("ok", "False"),
    "torch.tensor(1., 2., 3., 4., 5.)": ("err", "TypeError: tensor() takes 1 positional argument but 5 were given"),
}


def _observe(torch, expr: str) -> tuple[str, str]:
    try:
        return "ok", repr(eval(expr, {"torch": torch}))  # noqa: S307  (a test's own literals)
    except Exception as e:  # noqa: BLE001
        return "err", f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}"


@pytest.mark.parametrize("expr", list(CASES))
def test_engine_answers_as_torch_recorded(expr):
    assert _observe(engine, expr) == CASES[expr]


@pytest.mark.torch
@pytest.mark.parametrize("expr", list(CASES))
def test_recording_still_matches_live_torch(expr):
    torch = pytest.importorskip("torch")
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert _observe(torch, expr) == CASES[expr]


def test_user_subclass_prints_as_python_prints_it_and_isinstance_holds():
    class Net(engine.nn.Module):
        pass
    assert repr(Net).endswith(".Net'>") and not repr(Net).startswith("<class 'torch.")
    assert isinstance(engine.nn.Parameter(engine.ones(1)), engine.Tensor)
    assert engine.Tensor.__module__ == "engine.tensor"  # the library's own module is kept
