# Source: Dive into Deep Learning, 7.3 "Padding and Stride" (first snippet; torch.rand replaced by a literal; written from memory)
# URL: https://d2l.ai/chapter_convolutional-neural-networks/padding-and-strides.html
import torch
from torch import nn


# We define a helper function to calculate convolutions. It initializes the
# convolutional layer weights and performs corresponding dimensionality
# elevations and reductions on the input and output
def comp_conv2d(conv2d, X):
    # (1, 1) indicates that batch size and the number of channels are both 1
    X = X.reshape((1, 1) + X.shape)
    Y = conv2d(X)
    # Strip the first two dimensions: examples and channels
    return Y.reshape(Y.shape[2:])


# 1 row and column is padded on either side, so a total of 2 rows or columns
# are added
conv2d = nn.LazyConv2d(1, kernel_size=3, padding=1)
X = torch.tensor([[0.1 * (i + j) for j in range(8)] for i in range(8)])
print(comp_conv2d(conv2d, X).shape)
