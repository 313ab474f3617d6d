# Source: GitHub course notebook warisa-cmu/ml-training-2025-pytorch, "What is torch.autograd?" (simple and second example)
# URL: https://github.com/warisa-cmu/ml-training-2025-pytorch
import torch

# Create a tensor and enable gradient tracking
x = torch.tensor(2.0, requires_grad=True)

# Perform some operations
y = x**2 + 3 * x + 1

# Compute the gradient of y with respect to x
y.backward()

print(x.grad)  # Output: tensor(7.)

# Create tensors with requires_grad=True to track computation
a = torch.tensor([5.0], requires_grad=True)
b = torch.tensor([6.0], requires_grad=True)

# Define a function of a and b
y = a**3 - b**2 + 3

# Perform backpropagation to compute gradients
y.backward()

# Print the gradients
print("dy/da:", a.grad)  # Should be 3 * a^2 = 3 * 25 = 75
print("dy/db:", b.grad)  # Should be -2 * b = -12
