# Source: Stack Overflow, "one of the variables needed for gradient computation has been modified by an inplace operation"
# URL: https://stackoverflow.com/questions/53691156/one-of-the-variables-needed-for-gradient-computation-has-been-modified-by-an-inp
# The usual fix: clone before writing through an index.
import torch

a = torch.tensor([0.5, 1.0, 1.5], requires_grad=True)
h = a.sigmoid()
try:
    h[0] = 0.0
    h.sum().backward()
except RuntimeError as e:
    print("error:", str(e)[:72])
a.grad = None
h = a.sigmoid().clone()
h[0] = 0.0
h.sum().backward()
print(a.grad)
