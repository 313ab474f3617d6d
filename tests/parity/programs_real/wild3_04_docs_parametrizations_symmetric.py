# Source: PyTorch tutorials, "Parametrizations Tutorial" (first snippet; torch.rand replaced by literals; written from memory)
# URL: https://pytorch.org/tutorials/intermediate/parametrizations.html
import torch


def symmetric(X):
    return X.triu() + X.triu(1).transpose(-1, -2)


X = torch.tensor([[0.1, 0.7, 0.3], [0.9, 0.2, 0.5], [0.4, 0.8, 0.6]])
A = symmetric(X)
assert torch.allclose(A, A.T)  # A is symmetric
print(A)  # Quick visual check
