"""``engine.nn``: Module, Parameter, Linear, convolution-network layers (Conv2d, BatchNorm2d,
pooling, Dropout), activations, Sequential, losses and ``nn.init``."""
from . import functional, init
from .layers import (AdaptiveAvgPool2d, AvgPool2d, BatchNorm1d, BatchNorm2d, Conv2d, Dropout,
                     MaxPool2d)
from .modules import (BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, Flatten, Linear, Module, MSELoss, Parameter, ReLU, Sequential,
                      Sigmoid, Tanh, Identity, Softmax, LogSoftmax)

from . import losses as _losses
from .losses import KLDivLoss, L1Loss, SmoothL1Loss

for _n in ("l1_loss", "smooth_l1_loss", "kl_div"):
    setattr(functional, _n, getattr(_losses, _n))

# ---- API breadth (issues #13/#14): activations, containers, layers, losses, recurrent layers,
# attention/group norm, nn.utils, Module conveniences, and double-backward rules for them all
from . import activations as _activations
from . import attention_norm as _attention_norm
from . import containers as _containers
from . import conv1d as _conv1d
from . import graph_rules as _graph_rules
from . import layers_more as _layers_more
from . import losses_more as _losses_more
from . import module_extras as _module_extras
from . import recurrent as _recurrent
from . import utils  # noqa: F401  (torch.nn.utils: clip_grad_norm_ ...)
from .activations import *  # noqa: F401,F403  (LeakyReLU, GELU, PReLU ...)
from .attention_norm import GroupNorm  # noqa: F401
from .containers import *  # noqa: F401,F403  (ModuleList, ModuleDict, ParameterList ...)
from .conv1d import *  # noqa: F401,F403  (Conv1d, MaxPool1d, AvgPool1d)
from .layers_more import *  # noqa: F401,F403  (LayerNorm, Embedding, Bilinear ...)
# NLLLoss and the other losses; CrossEntropyLoss replaces modules.CrossEntropyLoss (which knew
# only `reduction`); F.nll_loss / F.cross_entropy gain weight=, ignore_index=, label_smoothing=
from .losses_more import *  # noqa: F401,F403
from .recurrent import *  # noqa: F401,F403  (RNN, LSTM, GRU and their cells)

_FUNCTIONAL = {**_activations.FUNCTIONAL, **_layers_more.FUNCTIONAL, **_conv1d.FUNCTIONAL, **_losses_more.FUNCTIONAL,
               "scaled_dot_product_attention": _attention_norm.scaled_dot_product_attention,
               "group_norm": _attention_norm.group_norm}
for _n, _f in _FUNCTIONAL.items():
    setattr(functional, _n, _f)
functional.__all__ = [*functional.__all__, *_FUNCTIONAL]
_module_extras.install()  # model.to(device), .cpu(), .cuda(), get_submodule ...
_graph_rules.install()    # create_graph=True through the new nodes

__all__ = ["L1Loss", "SmoothL1Loss", "KLDivLoss", "Module", "Parameter", "Linear", "ReLU", "Tanh", "Sigmoid", "Sequential", "MSELoss",
           "CrossEntropyLoss", "BCELoss", "BCEWithLogitsLoss", "Flatten", "Identity", "Softmax", "LogSoftmax", "functional",
           "init", "Conv2d", "BatchNorm1d", "BatchNorm2d", "MaxPool2d", "AvgPool2d",
           "AdaptiveAvgPool2d", "Dropout"]
__all__ += [*_activations.__all__, *_containers.__all__, *_layers_more.__all__, *_conv1d.__all__,
            *_losses_more.__all__, *_recurrent.__all__, "GroupNorm"]
from . import lazy as _lazy  # noqa: E402
from .lazy import *  # noqa: E402,F401,F403  (LazyLinear, LazyConv2d ...: sized by the first call)
__all__ += _lazy.__all__
from . import losses_margin as _losses_margin  # noqa: E402
from .losses_margin import *  # noqa: E402,F401,F403  (MultiMarginLoss, SoftMarginLoss ...)
for _n, _f in _losses_margin.FUNCTIONAL.items():
    setattr(functional, _n, _f)
functional.__all__ = [*functional.__all__, *_losses_margin.FUNCTIONAL]
__all__ += [n for n in _losses_margin.__all__ if n[0].isupper()]
