# Source: Dive into Deep Learning, 5.6 Dropout, "Implementation from Scratch" (torch.rand's mask values written out)
# URL: https://d2l.ai/chapter_multilayer-perceptrons/dropout.html
import torch
from torch import nn

def dropout_layer(X, dropout):
    assert 0 <= dropout <= 1
    if dropout == 1: return torch.zeros_like(X)
    mask = (torch.tensor([[0.49, 0.77, 0.09, 0.13, 0.31, 0.63, 0.49, 0.90],
                          [0.46, 0.63, 0.35, 0.40, 0.02, 0.17, 0.20, 0.68]]) > dropout).float()
    return mask * X / (1.0 - dropout)

X = torch.arange(16, dtype = torch.float32).reshape((2, 8))
print('dropout_p = 0:', dropout_layer(X, 0))
print('dropout_p = 0.5:', dropout_layer(X, 0.5))
print('dropout_p = 1:', dropout_layer(X, 1))
