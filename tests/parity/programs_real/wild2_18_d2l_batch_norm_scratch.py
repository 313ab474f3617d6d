# Source: Dive into Deep Learning, 8.5 Batch Normalization, "Implementation from Scratch" (called once on literal rows)
# URL: https://d2l.ai/chapter_convolutional-modern/batch-norm.html
import torch
from torch import nn

def batch_norm(X, gamma, beta, moving_mean, moving_var, eps, momentum):
    # Use is_grad_enabled to determine whether we are in training mode
    if not torch.is_grad_enabled():
        # In prediction mode, use mean and variance obtained by moving average
        X_hat = (X - moving_mean) / torch.sqrt(moving_var + eps)
    else:
        assert len(X.shape) in (2, 4)
        if len(X.shape) == 2:
            # When using a fully connected layer, calculate the mean and
            # variance on the feature dimension
            mean = X.mean(dim=0)
            var = ((X - mean) ** 2).mean(dim=0)
        else:
            # When using a two-dimensional convolutional layer, calculate the
            # mean and variance on the channel dimension (axis=1). Here we
            # need to maintain the shape of X, so that the broadcasting
            # operation can be carried out later
            mean = X.mean(dim=(0, 2, 3), keepdim=True)
            var = ((X - mean) ** 2).mean(dim=(0, 2, 3), keepdim=True)
        # In training mode, the current mean and variance are used
        X_hat = (X - mean) / torch.sqrt(var + eps)
        # Update the mean and variance using moving average
        moving_mean = (1.0 - momentum) * moving_mean + momentum * mean
        moving_var = (1.0 - momentum) * moving_var + momentum * var
    Y = gamma * X_hat + beta  # Scale and shift
    return Y, moving_mean.data, moving_var.data

X = torch.tensor([[1.0, 2.0], [3.0, 0.5], [-1.0, 4.0]])
gamma = torch.ones(2, requires_grad=True)
beta = torch.zeros(2, requires_grad=True)
Y, moving_mean, moving_var = batch_norm(X, gamma, beta, torch.zeros(2), torch.ones(2),
                                        eps=1e-5, momentum=0.1)
(Y * torch.tensor([1.0, 2.0])).pow(2).sum().backward()
print(Y)
print(moving_mean, moving_var)
print(gamma.grad, beta.grad)
