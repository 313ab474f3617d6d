# Source: PyTorch tutorials, Introduction to PyTorch Tensors (Math & Logic with PyTorch Tensors)
# URL: https://pytorch.org/tutorials/beginner/introyt/tensors_deeper_tutorial.html
# (torch.rand(2, 4) * 2 - 1 replaced by literals; the bitwise/unique/linalg lines left out)
import math
import torch

# common functions
a = torch.tensor([[0.5332, -0.3571, 0.9021, -0.0741], [-0.8226, 0.1520, 0.6487, -0.4876]])
print('Common functions:')
print(torch.abs(a))
print(torch.ceil(a))
print(torch.floor(a))
print(torch.clamp(a, -0.5, 0.5))

# trigonometric functions and their inverses
angles = torch.tensor([0, math.pi / 4, math.pi / 2, 3 * math.pi / 4])
sines = torch.sin(angles)
inverses = torch.asin(sines)
print('\nSine and arcsine:')
print(angles)
print(sines)
print(inverses)

# comparisons:
print('\nBroadcasted, element-wise equality comparison:')
d = torch.tensor([[1., 2.], [3., 4.]])
e = torch.ones(1, 2)  # many comparison ops support broadcasting!
print(torch.eq(d, e)) # returns a tensor of type bool

# reductions:
print('\nReduction ops:')
print(torch.max(d))        # returns a single-element tensor
print(torch.max(d).item()) # extracts the value from the returned tensor
print(torch.mean(d))       # average
print(torch.std(d))        # standard deviation
print(torch.prod(d))       # product of all numbers
