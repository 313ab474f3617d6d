# Source: coderethan.fun, "pytorch autograd 原理概述" (2.1 pytorch autograd 展示; sizes shrunk, randn replaced by literals)
# URL: https://coderethan.fun/AI/01_deep_learning_theory/21-pytorch-autograd.html
import torch

def autograd_demo():
    data0 = torch.tensor([[[0.5, -1.0, 2.0], [1.5, 0.3, -0.7]]])
    w_0 = torch.tensor([[[0.2, -0.4], [1.1, 0.6], [-0.3, 0.8]]], requires_grad=True)
    data2 = torch.bmm(data0, w_0)
    data3 = torch.sigmoid(data2)
    w_1 = torch.tensor([[[0.9, -1.2], [0.4, 0.7]]], requires_grad = True)
    output = torch.matmul(data3, w_1)
    loss = output.sum()
    loss.backward()
    w_0 = w_0 - 0.001* w_0.grad

    print("run autograd_demo finished !!!")

autograd_demo()
