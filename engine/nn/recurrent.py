"""Recurrent layers like ``torch.nn``'s: RNN, LSTM, GRU (``num_layers``, ``batch_first``,
``bidirectional``, ``dropout`` between layers) and RNNCell, LSTMCell, GRUCell.

Each step is composed from engine ops the way ATen's CPU path composes it (RNN.cpp): the input
projections of the whole sequence are computed first, then per step
``gates = linear(h, W_hh, b_hh) + x_proj[t]``; LSTM chunks the gates into
input/forget/cell/output, ``c' = f·c + i·g`` and ``h' = o·tanh(c')``; GRU computes
``n = tanh(x_n + r·h_n)`` and ``h' = (h − n)·z + n``.  The outputs are stacked over time
(``StackBackward0``; ``TransposeBackward0`` with batch_first, ``CatBackward0`` when
bidirectional), so the recorded graph and, with weights set from literals, the numbers are
torch's.  Parameters are named and initialised in torch's order (U(−1/√hidden, 1/√hidden))
from the engine's generator."""
from __future__ import annotations

import dataclasses
import math

import numpy as np

from .. import limits as _limits
from ..op_table import INTERNAL_OPS, lookup
from ..ops import _apply
from ..joins import cat, stack
from ..tensor import Tensor, _np_dtype, _rng_now, zeros
from . import functional as F
from .modules import Module, Parameter

__all__ = ["RNNCell", "LSTMCell", "GRUCell", "RNN", "LSTM", "GRU"]

_GATES = {"RNN_TANH": 1, "RNN_RELU": 1, "LSTM": 4, "GRU": 3}

# Node names torch 2.13's CPU build records: RNN/GRU with batch_first transpose their output in
# place (TransposeBackward1); a float32 LSTM layer runs as one oneDNN kernel
# (MkldnnRnnLayerBackward0).
# The engine composes the same values from small ops and names the top node as torch does.
_RENAMED = {
    "transpose_": dataclasses.replace(lookup("transpose"), name="transpose_",
                                      grad_fn="TransposeBackward1"),
    "mkldnn_rnn_layer": dataclasses.replace(INTERNAL_OPS["clone"], name="mkldnn_rnn_layer",
                                            grad_fn="MkldnnRnnLayerBackward0"),
}
INTERNAL_OPS.update(_RENAMED)


def _uniform(shape, k, dt) -> Parameter:
    _limits.check_shape(shape)
    return Parameter(_rng_now().uniform(-k, k, shape).astype(dt))


# ------------------------------------------------------------------ one step of each cell
def _rnn_step(x_proj, h, w_hh, b_hh, relu: bool):
    pre = F.linear(h, w_hh, b_hh) + x_proj
    return pre.relu() if relu else pre.tanh()


def _lstm_step(x_proj, h, c, w_hh, b_hh):
    gates = F.linear(h, w_hh, b_hh) + x_proj
    i, f, g, o = gates.chunk(4, -1)
    i, f, g, o = i.sigmoid(), f.sigmoid(), g.tanh(), o.sigmoid()
    c = f * c + i * g
    return o * c.tanh(), c


def _gru_step(x_proj, h, w_hh, b_hh):
    xr, xz, xn = x_proj.chunk(3, -1)
    hr, hz, hn = F.linear(h, w_hh, b_hh).chunk(3, -1)
    r = (hr + xr).sigmoid()
    z = (hz + xz).sigmoid()
    n = (xn + hn * r).tanh()
    return (h - n) * z + n


# ------------------------------------------------------------------ cells
class _CellBase(Module):
    _mode = "RNN_TANH"

    def __init__(self, input_size: int, hidden_size: int, bias: bool = True, device=None,
                 dtype=None):
        super().__init__()
        self.input_size, self.hidden_size, self.bias = input_size, hidden_size, bias
        n = _GATES[self._mode] * hidden_size
        dt = _np_dtype(dtype) or np.dtype(np.float32)
        k = 1.0 / math.sqrt(hidden_size) if hidden_size > 0 else 0.0
        self.weight_ih = _uniform((n, input_size), k, dt)
        self.weight_hh = _uniform((n, hidden_size), k, dt)
        if bias:
            self.bias_ih = _uniform((n,), k, dt)
            self.bias_hh = _uniform((n,), k, dt)
        else:
            self.register_parameter("bias_ih", None)
            self.register_parameter("bias_hh", None)

    def extra_repr(self) -> str:
        s = f"{self.input_size}, {self.hidden_size}"
        if self.bias is not True:
            s += f", bias={self.bias}"
        if getattr(self, "nonlinearity", "tanh") != "tanh":
            s += f", nonlinearity={self.nonlinearity}"
        return s

    def _batched(self, input: Tensor, hx):
        if input.dim() not in (1, 2):
            raise ValueError(f"{type(self).__name__}: Expected input to be 1D or 2D, got "
                             f"{input.dim()}D instead")
        batched = input.dim() == 2
        if not batched:
            input = input.unsqueeze(0)
        return input, batched

    def _zeros(self, input: Tensor) -> Tensor:
        return zeros(input.shape[0], self.hidden_size, dtype=input.dtype)

    def _proj(self, input: Tensor) -> Tensor:
        return F.linear(input, self.weight_ih, self.bias_ih)


class RNNCell(_CellBase):
    def __init__(self, input_size: int, hidden_size: int, bias: bool = True,
                 nonlinearity: str = "tanh", device=None, dtype=None):
        if nonlinearity not in ("tanh", "relu"):
            raise ValueError(f"Unknown nonlinearity: {nonlinearity}")
        # a class-level choice made per instance, before Module.__init__ (plain attribute)
        object.__setattr__(self, "_mode", "RNN_TANH" if nonlinearity == "tanh" else "RNN_RELU")
        super().__init__(input_size, hidden_size, bias, device, dtype)
        self.nonlinearity = nonlinearity

    def forward(self, input: Tensor, hx: Tensor | None = None) -> Tensor:
        input, batched = self._batched(input, hx)
        h = self._zeros(input) if hx is None else (hx if batched else hx.unsqueeze(0))
        h = _rnn_step(self._proj(input), h, self.weight_hh, self.bias_hh,
                      self.nonlinearity == "relu")
        return h if batched else h.squeeze(0)


class LSTMCell(_CellBase):
    _mode = "LSTM"

    def forward(self, input: Tensor, hx=None):
        input, batched = self._batched(input, hx)
        if hx is None:
            h = c = self._zeros(input)
        else:
            h, c = hx if batched else (hx[0].unsqueeze(0), hx[1].unsqueeze(0))
        h, c = _lstm_step(self._proj(input), h, c, self.weight_hh, self.bias_hh)
        return (h, c) if batched else (h.squeeze(0), c.squeeze(0))


class GRUCell(_CellBase):
    _mode = "GRU"

    def forward(self, input: Tensor, hx: Tensor | None = None) -> Tensor:
        input, batched = self._batched(input, hx)
        h = self._zeros(input) if hx is None else (hx if batched else hx.unsqueeze(0))
        h = _gru_step(self._proj(input), h, self.weight_hh, self.bias_hh)
        return h if batched else h.squeeze(0)


# ------------------------------------------------------------------ layers
class _RNNBase(Module):
    _mode = "RNN_TANH"

    def __init__(self, input_size: int, hidden_size: int, num_layers: int = 1,
                 bias: bool = True, batch_first: bool = False, dropout: float = 0.0,
                 bidirectional: bool = False, proj_size: int = 0, device=None, dtype=None):
        super().__init__()
        if not 0 <= dropout <= 1 or isinstance(dropout, bool):
            raise ValueError("dropout should be a number in range [0, 1] representing the "
                             "probability of an element being zeroed")
        if hidden_size <= 0:
            raise ValueError("hidden_size must be greater than zero")
        if num_layers <= 0:
            raise ValueError("num_layers must be greater than zero")
        if proj_size:
            raise NotImplementedError("LSTM(proj_size=...) is not supported by this engine")
        self.input_size, self.hidden_size, self.num_layers = input_size, hidden_size, num_layers
        self.bias, self.batch_first = bias, batch_first
        self.dropout, self.bidirectional, self.proj_size = float(dropout), bidirectional, 0
        n = _GATES[self._mode] * hidden_size
        dt = _np_dtype(dtype) or np.dtype(np.float32)
        k = 1.0 / math.sqrt(hidden_size)
        dirs = 2 if bidirectional else 1
        # torch's order: layer by layer, forward then reverse, w_ih w_hh b_ih b_hh
        for layer in range(num_layers):
            in_size = input_size if layer == 0 else hidden_size * dirs
            for d in range(dirs):
                sfx = f"_l{layer}" + ("_reverse" if d else "")
                setattr(self, "weight_ih" + sfx, _uniform((n, in_size), k, dt))
                setattr(self, "weight_hh" + sfx, _uniform((n, hidden_size), k, dt))
                if bias:
                    setattr(self, "bias_ih" + sfx, _uniform((n,), k, dt))
                    setattr(self, "bias_hh" + sfx, _uniform((n,), k, dt))

    def extra_repr(self) -> str:
        s = f"{self.input_size}, {self.hidden_size}"
        if self.num_layers != 1:
            s += f", num_layers={self.num_layers}"
        if self.bias is not True:
            s += f", bias={self.bias}"
        if self.batch_first is not False:
            s += f", batch_first={self.batch_first}"
        if self.dropout != 0:
            s += f", dropout={self.dropout}"
        if self.bidirectional is not False:
            s += f", bidirectional={self.bidirectional}"
        return s

    def _weights(self, layer: int, d: int):
        sfx = f"_l{layer}" + ("_reverse" if d else "")
        get = self._parameters.get
        return get("weight_ih" + sfx), get("weight_hh" + sfx), get("bias_ih" + sfx), \
            get("bias_hh" + sfx)

    def _run_direction(self, x: Tensor, state, layer: int, d: int):
        """One layer in one direction over x (L, N, H_in): its outputs (L, N, H) and final
        state."""
        w_ih, w_hh, b_ih, b_hh = self._weights(layer, d)
        steps = list(F.linear(x, w_ih, b_ih).unbind(0))
        if d:
            steps = steps[::-1]
        outs = []
        for xp in steps:
            if self._mode == "LSTM":
                h, c = _lstm_step(xp, state[0], state[1], w_hh, b_hh)
                state = (h, c)
            elif self._mode == "GRU":
                h = state = _gru_step(xp, state, w_hh, b_hh)
            else:
                h = state = _rnn_step(xp, state, w_hh, b_hh, self._mode == "RNN_RELU")
            outs.append(h)
        if d:
            outs = outs[::-1]
        out = stack(outs, 0)
        if self._mode == "LSTM" and out.dtype == np.float32:  # oneDNN runs float32 only
            out = _apply(_RENAMED["mkldnn_rnn_layer"], (out,), {})
        return out, state

    def forward(self, input: Tensor, hx=None):
        if input.dim() not in (2, 3):
            raise ValueError(f"{type(self).__name__}: Expected input to be 2D or 3D, got "
                             f"{input.dim()}D instead")
        batched = input.dim() == 3
        bdim = 0 if self.batch_first else 1
        if not batched:
            input = input.unsqueeze(bdim)
        x = input.transpose(0, 1) if self.batch_first else input
        n = x.shape[1]
        dirs = 2 if self.bidirectional else 1
        lstm = self._mode == "LSTM"
        if hx is None:
            z = zeros(self.num_layers * dirs, n, self.hidden_size, dtype=x.dtype)
            h0 = (z, z) if lstm else z
        elif not batched:
            h0 = (hx[0].unsqueeze(1), hx[1].unsqueeze(1)) if lstm else hx.unsqueeze(1)
        else:
            h0 = hx
        finals_h, finals_c = [], []
        for layer in range(self.num_layers):
            outs = []
            for d in range(dirs):
                k = layer * dirs + d
                st = (h0[0][k], h0[1][k]) if lstm else h0[k]
                out, st = self._run_direction(x, st, layer, d)
                outs.append(out)
                finals_h.append(st[0] if lstm else st)
                if lstm:
                    finals_c.append(st[1])
            x = outs[0] if dirs == 1 else cat(outs, 2)
            if self.dropout and self.training and layer < self.num_layers - 1:
                x = F.dropout(x, self.dropout, True)
        if self.batch_first:
            out = x.transpose(0, 1) if lstm else _apply(_RENAMED["transpose_"], (x,),
                                                        {"dim0": 0, "dim1": 1})
        else:
            out = x
        h_n = stack(finals_h, 0)
        hidden = (h_n, stack(finals_c, 0)) if lstm else h_n
        if not batched:
            out = out.squeeze(bdim)
            hidden = (hidden[0].squeeze(1), hidden[1].squeeze(1)) if lstm \
                else hidden.squeeze(1)
        return out, hidden


class RNN(_RNNBase):
    def __init__(self, *args, nonlinearity: str = "tanh", **kwargs):
        # torch's positional order: input_size, hidden_size, num_layers, nonlinearity, bias...
        if len(args) > 3 and isinstance(args[3], str):
            nonlinearity, args = args[3], args[:3] + args[4:]
        if nonlinearity not in ("tanh", "relu"):
            raise ValueError(f"Unknown nonlinearity '{nonlinearity}'. Select from 'tanh' or "
                             f"'relu'.")
        object.__setattr__(self, "_mode", "RNN_TANH" if nonlinearity == "tanh" else "RNN_RELU")
        super().__init__(*args, **kwargs)
        self.nonlinearity = nonlinearity


class LSTM(_RNNBase):
    _mode = "LSTM"


class GRU(_RNNBase):
    _mode = "GRU"
