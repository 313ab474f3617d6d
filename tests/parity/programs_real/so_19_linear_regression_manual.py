# Source: freeCodeCamp / Jovian, "PyTorch Basics: Linear Regression from scratch" (Aakash N S)
# URL: https://jovian.com/aakashns/02-linear-regression
# torch.randn weights replaced by literals.
import numpy as np
import torch

# Input (temp, rainfall, humidity)
inputs = np.array([[73, 67, 43],
                   [91, 88, 64],
                   [87, 134, 58],
                   [102, 43, 37],
                   [69, 96, 70]], dtype='float32')
# Targets (apples, oranges)
targets = np.array([[56, 70],
                    [81, 101],
                    [119, 133],
                    [22, 37],
                    [103, 119]], dtype='float32')
inputs = torch.from_numpy(inputs)
targets = torch.from_numpy(targets)

# Weights and biases
w = torch.tensor([[0.3, -0.5, 0.8], [-0.2, 0.6, 0.4]], requires_grad=True)
b = torch.tensor([0.1, -0.3], requires_grad=True)


def model(x):
    return x @ w.t() + b


# MSE loss
def mse(t1, t2):
    diff = t1 - t2
    return torch.sum(diff * diff) / diff.numel()


preds = model(inputs)
loss = mse(preds, targets)
print(loss)
loss.backward()
print(w)
print(w.grad)

# Train for 100 epochs
for i in range(100):
    preds = model(inputs)
    loss = mse(preds, targets)
    loss.backward()
    with torch.no_grad():
        w -= w.grad * 1e-5
        b -= b.grad * 1e-5
        w.grad.zero_()
        b.grad.zero_()

preds = model(inputs)
loss = mse(preds, targets)
print(loss)
