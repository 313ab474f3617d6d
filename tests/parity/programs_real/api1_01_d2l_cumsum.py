# Source: Dive into Deep Learning, 2.3 Linear Algebra (Non-Reduction Sum)
# URL: https://d2l.ai/chapter_preliminaries/linear-algebra.html
import torch

A = torch.arange(6, dtype=torch.float32).reshape(2, 3)
sum_A = A.sum(axis=1, keepdims=True)
print(sum_A, sum_A.shape)
print(A / sum_A)
print(A.cumsum(axis=0))
