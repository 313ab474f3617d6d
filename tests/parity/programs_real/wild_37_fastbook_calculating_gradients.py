# Source: fast.ai fastbook, chapter 4 "Under the Hood: Training a Digit Classifier", Calculating Gradients
# URL: https://github.com/fastai/fastbook/blob/master/04_mnist_basics.ipynb
# `tensor` comes from `from fastai.vision.all import *` in the book; here from torch.
from torch import tensor


def f(x): return x**2


xt = tensor(3.).requires_grad_()
yt = f(xt)
print(yt)
yt.backward()
print(xt.grad)

xt = tensor([3.,4.,10.]).requires_grad_()
print(xt)


def f(x): return (x**2).sum()


yt = f(xt)
print(yt)
yt.backward()
print(xt.grad)
