# Source: PyTorch Forums, "Loss.grad is constant 1" (a reply's mini-tutorial, Cases 1 and 2; randn replaced by literals, model weights filled)
# URL: https://discuss.pytorch.org/t/loss-grad-is-constant-1/130964
import torch
from torch import nn
model = nn.Linear(1, 1)
with torch.no_grad():
    model.weight.fill_(0.7)
    model.bias.fill_(-0.1)
print("#"*7)
print("Case 1")
print("#"*7)
x = torch.tensor([[0.4]])
print(x)
print(x.is_leaf) # True
print(x.grad) # None
out = model(x)
loss = out**2
print(loss.grad) # None
print(x.grad) # None
loss.backward()
print(loss.grad) # None
print(x.grad) # None
print("")
print("*"*7)
print("Case 2")
print("*"*7)
y = torch.tensor([[-1.3]], requires_grad=True)
print(y)
print(y.is_leaf) # True
print(y.grad) # None
out = model(y)
loss = out**2
print(loss.grad) # None
print(y.grad) # None
loss.backward()
print(loss.grad) # None
print(y.grad)
