# Source: Stack Overflow, "pytorch - connection between loss.backward() and optimizer.step()" (an answer's example)
# URL: https://stackoverflow.com/questions/53975717/pytorch-connection-between-loss-backward-and-optimizer-step
import torch

# Our "model"
x = torch.tensor([1., 2.], requires_grad=True)
y = 100*x

# Compute loss
loss = y.sum()

# Compute gradient of the loss w.r.t. to the parameters
print(x.grad)     # None
loss.backward()
print(x.grad)     # tensor([100., 100.])

# MOdify the parameters by subtracting the gradient
optim = torch.optim.SGD([x], lr=0.001)
print(x)        # tensor([1., 2.], requires_grad=True)
optim.step()
print(x)        # tensor([0.9000, 1.9000], requires_grad=True)
