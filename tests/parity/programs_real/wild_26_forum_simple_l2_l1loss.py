# Source: PyTorch Forums, "Simple L2 regularization?" (L1Loss on a parameter against a zero target)
# URL: https://discuss.pytorch.org/t/simple-l2-regularization/139
import numpy as np
import torch
import torch.nn as nn
from torch.autograd import Variable

xx = nn.Parameter(torch.from_numpy(np.ones((3,3))))
target = Variable(torch.from_numpy(np.zeros((3,3))))
l1_crit = nn.L1Loss()
print(l1_crit(xx, target))
