"""Devices as a CPU build of torch 2.13 has them: ``device=`` everywhere, ``torch.cuda``, and
``torch.backends.mps`` / ``torch.version`` answering "no accelerator".

Tutorials pick ``device = "cuda" if torch.cuda.is_available() else "cpu"`` and then pass
``device=device`` to every creation function and ``.to()``. The engine runs on the CPU only, so
``'cpu'`` (or ``'cpu:0'``, ``torch.device('cpu')``) is accepted and ignored, and asking for a GPU
raises the error a CPU build of torch raises, at the same call (recorded from torch 2.13):

- ``device='cuda'`` anywhere, ``.cuda()``, ``torch.cuda.synchronize()`` / ``current_device()``:
  ``AssertionError: Torch not compiled with CUDA enabled``;
- ``.to('mps')`` and ``tensor(..., device='mps')``: ``RuntimeError: PyTorch is not linked with
  support for mps devices``; a factory (``ones(2, device='mps')``) raises torch's
  ``NotImplementedError`` whose first sentence we keep (the rest is torch's build paths);
- ``pin_memory=True``: torch's "no pinned memory allocator" RuntimeError.
"""
from __future__ import annotations

import functools
import types
from typing import Any, Callable

CUDA_MISSING = "Torch not compiled with CUDA enabled"
MPS_MISSING = "PyTorch is not linked with support for mps devices"
MPS_FACTORY = ("Could not run 'aten::empty.memory_format' with arguments from the 'MPS' backend. "
               "This could be because the operator doesn't exist for this backend, or was omitted "
               "during the selective/custom build process (if using custom build).")
PIN_MISSING = ("pin_memory=True requires a CUDA or other accelerator backend; no pinned memory "
               "allocator is available on this system.")
NO_ACCELERATOR = "Cannot access accelerator device when none is available."


def device_kind(d: Any) -> str | None:
    """'cpu', 'cuda', 'mps', ... for a device given as a string or a ``torch.device``."""
    if d is None:
        return None
    kind = getattr(d, "type", None)
    return kind if isinstance(kind, str) else str(d).split(":")[0]


def check_device(d: Any, *, factory: bool = False, pin_memory: bool = False) -> None:
    """Accept the CPU; raise what a CPU build of torch raises for any other device."""
    kind = device_kind(d)
    if kind == "cuda":
        raise AssertionError(CUDA_MISSING)
    if kind == "mps":
        if factory:
            raise NotImplementedError(MPS_FACTORY)
        raise RuntimeError(MPS_MISSING)
    if kind not in (None, "cpu"):
        raise RuntimeError(f"Expected one of cpu, cuda, mps device type at start of device "
                           f"string: {d}")
    if pin_memory:
        raise RuntimeError(PIN_MISSING)


def with_device(fn: Callable, *, factory: bool = True) -> Callable:
    """``fn`` also taking torch's ``device=`` and ``pin_memory=`` keywords (checked, then
    dropped: every engine tensor lives on the CPU)."""
    @functools.wraps(fn)
    def create(*args, device=None, pin_memory=False, **kwargs):
        check_device(device, factory=factory, pin_memory=pin_memory)
        return fn(*args, **kwargs)
    return create


def _cuda_missing(*args, **kwargs):
    raise AssertionError(CUDA_MISSING)


def _nothing(*args, **kwargs) -> None:
    return None


# torch.cuda on a CPU build: queries answer "none", seeding and cache calls do nothing, and the
# calls that need a device raise (each as torch 2.13 CPU does)
cuda = types.SimpleNamespace(
    is_available=lambda: False, device_count=lambda: 0, is_initialized=lambda: False,
    manual_seed=_nothing, manual_seed_all=_nothing, seed=_nothing, seed_all=_nothing,
    empty_cache=_nothing, memory_allocated=lambda device=None: 0,
    max_memory_allocated=lambda device=None: 0, memory_reserved=lambda device=None: 0,
    reset_peak_memory_stats=_nothing,
    synchronize=_cuda_missing, current_device=_cuda_missing, get_device_name=_cuda_missing,
    get_device_properties=_cuda_missing, set_device=_cuda_missing,
)
accelerator = types.SimpleNamespace(
    is_available=lambda: False, current_accelerator=lambda check_available=False: None,
    device_count=lambda: 0)
backends = types.SimpleNamespace(
    mps=types.SimpleNamespace(is_available=lambda: False, is_built=lambda: False),
    cuda=types.SimpleNamespace(is_built=lambda: False),
    cudnn=types.SimpleNamespace(enabled=True, benchmark=False, deterministic=False,
                                is_available=lambda: False),
)
# torch.version on a CPU build (``torch.version.cuda`` is None there)
version = types.SimpleNamespace(__version__="2.13.0+cpu", cuda=None, hip=None, debug=False)
