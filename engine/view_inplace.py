"""In-place ops on a view of a tensor that requires grad, as torch rebases them.

``x = a.clone(); x[0].mul_(2)`` changes ``x`` through its view ``x[0]``.  PyTorch records it
on the *base*: ``x.grad_fn`` becomes ``CopySlices``, whose backward takes the gradient of the
whole base, runs the in-place op's own backward (``MulBackward0``) on the part the view
covers and writes the result back into that part::

    CopySlices(g):  r = g.clone();  r[view] = MulBackward0(g[view])[0];  -> r to x's old grad_fn
                    (MulBackward0's gradients for its other inputs go on unchanged)

Every view of that base (the one modified and any other, taken before or after) then reads
its gradient through ``AsStridedBackward0``: the view's part of the base, located by its
strides and offset in the base's memory (torch's "as_strided" geometry; here read off the
numpy arrays, which share the base's memory).

The refusals are torch's: a view of a leaf that requires grad, a view taken under
``no_grad`` modified with grad mode on.
"""
from __future__ import annotations

import weakref

import numpy as np

from . import autograd as _ag
from .function import custom_op, init_node
from .higher_order import _run_node
from .tensor import _wrap

VIEW_OF_LEAF = "a view of a leaf Variable that requires grad is being used in an in-place operation."
NO_GRAD_VIEW_INPLACE = (
    "A view was created in no_grad mode and is being modified inplace with grad mode enabled. "
    "Given that this use case is ambiguous and error-prone, it is forbidden. You can clarify "
    "your code by moving both the view and the inplace either both inside the no_grad block "
    "(if you don't want the inplace to be tracked) or both outside (if you want the inplace to "
    "be tracked).")
# what this engine cannot rebase (a view whose memory it cannot locate in its base's)
UNSUPPORTED = (
    "this engine does not support this in-place operation on a view of a tensor that requires "
    "grad (its elements overlap or it no longer shares its base's memory); use out-of-place "
    "ops or clone() the view first")


# ------------------------------------------------------------------------ geometry
def geometry(view: np.ndarray, base: np.ndarray) -> tuple | None:
    """``(shape, strides, offset)`` of ``view`` inside ``base``'s memory, in bytes; None when
    it cannot be written back exactly (overlapping elements, memory not the base's)."""
    if view.dtype != base.dtype or not (base.flags.c_contiguous or base.flags.f_contiguous):
        return None
    if 0 in view.strides and view.size > 1:
        return None     # an expanded view: several elements are one memory location
    offset = view.__array_interface__["data"][0] - base.__array_interface__["data"][0]
    if view.size and not np.shares_memory(view, base):
        return None
    if offset < 0 or offset > base.nbytes:
        return None
    return view.shape, view.strides, offset


def _region(whole: np.ndarray, geo: tuple) -> np.ndarray:
    """The view's part of ``whole`` (an array laid out like the base), writable."""
    shape, strides, offset = geo
    return np.ndarray(shape, whole.dtype, buffer=whole, offset=offset, strides=strides)




def _flat_index(geo: tuple, base_shape: tuple, fortran: bool, itemsize: int) -> np.ndarray:
    """For each element of the view (in its shape), its index in the base read in C order:
    the same region as :func:`_region`, as an index array recorded ops can take."""
    shape, strides, offset = geo
    pos = np.full(shape, offset // itemsize, dtype=np.intp)
    for k, (n, st) in enumerate(zip(shape, strides)):
        pos = pos + (np.arange(n, dtype=np.intp) * (st // itemsize)).reshape(
            [n if j == k else 1 for j in range(len(shape))])
    if fortran:   # memory order is Fortran order: convert to the C-order flat index
        pos = np.ravel_multi_index(np.unravel_index(pos, base_shape, order="F"), base_shape)
    return pos


# ------------------------------------------------------------------------ nodes
def _new(cls, nx: tuple):
    node = cls()
    # saves nothing of its own (nothing to free); its _apply runs, as a custom Function's does
    init_node(node, nx, next(_ag._seq_counter), custom_op(cls.__name__), tuple(range(len(nx))))
    return node


class CopySlices(_ag.Node):
    """The base's grad_fn after an in-place op on one of its views (torch's CopySlices)."""
    __slots__ = ()

    def _apply(self, g):
        if g is None:
            return [None] * len(self._nx)
        inner, geo, fortran, port = self.__dict__["_inner"]
        whole = np.array(g, copy=True, order="F" if fortran else "C")   # laid out like the base
        part = _region(whole, geo)
        _ag.check_saved(inner)
        grads = list(inner._apply(np.array(part, copy=True)))
        g_view = grads.pop(port) if port is not None else None
        part[...] = 0 if g_view is None else g_view
        return [whole, *grads]

    def graph_apply(self, g) -> list:
        """The same with recorded ops (create_graph=True): the view's part of g taken by
        index, the in-place op's own recorded backward run on it, and written back."""
        inner, geo, fortran, port = self.__dict__["_inner"]
        idx = _flat_index(geo, tuple(g.shape), fortran, g._data.itemsize)
        grads = list(_run_node(inner, g.reshape(-1)[idx]))
        g_view = grads.pop(port) if port is not None else None
        whole = g.clone()   # written through a view of it, so it is CopySlices too (as torch)
        whole.view(-1)[idx] = 0.0 if g_view is None else g_view
        return [whole, *grads]


class AsStridedBackward0(_ag.Node):
    """A view's grad_fn once its base was rebased: the view's part of the base's gradient."""
    __slots__ = ()

    def _apply(self, g):
        if g is None:
            return [None]
        geo, shape, dtype, fortran = self.__dict__["_geo"]
        whole = np.zeros(shape, dtype=dtype, order="F" if fortran else "C")
        _region(whole, geo)[...] = g
        return [whole]

    def graph_apply(self, g) -> list:
        """The same with recorded ops (create_graph=True)."""
        geo, shape, dtype, fortran = self.__dict__["_geo"]
        whole = _wrap(np.zeros(int(np.prod(shape)), dtype=dtype))
        whole[_flat_index(geo, shape, fortran, np.dtype(dtype).itemsize)] = g
        return [whole.reshape(shape)]


# ------------------------------------------------------------------------ views of a base
def register(base, view) -> None:
    """Remember ``view`` as a view of ``base`` (weakly), so an in-place change of the base
    can give every live view its new grad_fn."""
    views = base.__dict__.get("_views")
    if views is None:
        views = base._views = []
    elif len(views) >= 64 and len(views) & (len(views) - 1) == 0:   # prune now and then
        views[:] = [r for r in views if r() is not None]
    views.append(weakref.ref(view))


def regenerate_views(base, skip=None) -> None:
    """After ``base`` got a new grad_fn: each live view of it that takes part in autograd
    reads its gradient through ``AsStridedBackward0`` from the base's new node."""
    fn = base._grad_fn
    if fn is None:
        return
    a = base._data
    fortran = not a.flags.c_contiguous
    for ref in base.__dict__.get("_views", ()):
        v = ref()
        if v is None or v is skip or v._acc is False:   # (no_grad views keep their refusal)
            continue
        geo = geometry(v._data, a)
        if geo is None:
            continue
        node = _new(AsStridedBackward0, (fn,))
        node._geo = (geo, a.shape, a.dtype, fortran)
        v._grad_fn = node
        v._rg = True


MULTI_VIEW_INPLACE = (
    "Output {nr} of {name} is a view and is being modified inplace. This view is the output of "
    "a function that returns multiple views. Such functions do not allow the output views to be "
    "modified inplace. You should replace the inplace operation by an out-of-place one.")


def check(view) -> None:
    """Refuse, with torch's texts, an in-place op on ``view`` that cannot be recorded."""
    base = view.__dict__["_view_base"]
    multi = view.__dict__.get("_multi_view")
    if multi is not None:   # an output of split/chunk/unbind (engine.more_ops)
        raise RuntimeError(MULTI_VIEW_INPLACE.format(nr=multi[0], name=multi[1]))
    if view._acc is False:
        raise RuntimeError(NO_GRAD_VIEW_INPLACE)
    if base._rg and base._grad_fn is None:
        raise RuntimeError(VIEW_OF_LEAF)
    if geometry(view._data, base._data) is None:
        raise RuntimeError(UNSUPPORTED)


def rebase(view, inner) -> None:
    """``view`` was just changed in place by the op whose node is ``inner`` (input 0 being the
    view): the base's grad_fn becomes CopySlices over its old one, and every live view of the
    base (``view`` too) reads its gradient from there."""
    base = view.__dict__["_view_base"]
    a = base._data
    # where the view's own gradient sits among the op's gradients
    port = next((k for k, e in enumerate(inner._edges) if e == 0), None)
    nx = list(inner._nx)
    if port is not None:
        nx.pop(port)
    old = (base._grad_fn or base._accumulator()) if base._rg else None
    node = _new(CopySlices, (old, *nx))
    node._inner = (inner, geometry(view._data, a), not a.flags.c_contiguous, port)
    node._shape = a.shape
    base._grad_fn = node
    base._rg = True
    regenerate_views(base)
