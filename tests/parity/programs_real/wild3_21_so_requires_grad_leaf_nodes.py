# Source: Stack Overflow, "Pytorch - requires_grad relation to leaf nodes" (answer; Variable(randn(10,10)) shrunk to 2x2 literals; prints added; found via a mirror of the page)
# URL: https://stackoverflow.com/questions/44913720/requires-grad-relation-to-leaf-nodes
import torch
from torch.autograd import Variable

A = Variable(torch.tensor([[0.5, -1.0], [1.5, 0.2]]))  # this is a leaf node
B = 2 * A  # this is not a leaf node
w = Variable(torch.tensor([[0.3, 0.7], [-0.4, 1.1]]))  # this is a leaf node
C = A.mm(w)  # this is not a leaf node
print(A.is_leaf, B.is_leaf, w.is_leaf, C.is_leaf)
print(C)
