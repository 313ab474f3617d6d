# Source: FromEssence/AI_Pytorch, "Pytorch梯度计算图保留" (例1, 方法1)
# URL: https://github.com/FromEssence/AI_Pytorch
import torch
from torch.optim import SGD

x = torch.ones(1)
x[0] = 2
x.requires_grad = True

y = 2*x*x*x

d1 = torch.autograd.grad(y, x, create_graph=True)[0]
print(d1.grad)
print('y关于x一阶导：',d1)
d2 = torch.autograd.grad(d1, x)[0]
print('y关于x二阶导：', d2)
