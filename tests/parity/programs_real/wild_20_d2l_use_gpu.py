# Source: d2l.ai, "GPUs" (neural networks and GPUs)
# URL: https://d2l.ai/chapter_builders-guide/use-gpu.html
import torch
from torch import nn


def cpu():
    """Get the CPU device."""
    return torch.device('cpu')


def gpu(i=0):
    """Get a GPU device."""
    return torch.device(f'cuda:{i}')


def num_gpus():
    """Get the number of available GPUs."""
    return torch.cuda.device_count()


def try_gpu(i=0):
    """Return gpu(i) if exists, otherwise return cpu()."""
    if num_gpus() >= i + 1:
        return gpu(i)
    return cpu()


X = torch.ones(2, 3, device=try_gpu())
net = nn.Sequential(nn.LazyLinear(1))
net = net.to(device=try_gpu())
print(net(X).shape)
print(net[0].weight.data.device)
