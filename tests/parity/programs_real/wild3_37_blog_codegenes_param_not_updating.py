# Source: codegenes.net, "Custom parameter not updating in PyTorch" (first example; randn input replaced by literals; initial weights filled)
# URL: https://www.codegenes.net/blog/custom-parameter-not-updating-pytorch
import torch
import torch.nn as nn

# Create a simple linear layer
linear_layer = nn.Linear(10, 10)
with torch.no_grad():
    for p in linear_layer.parameters():
        p.fill_(0.05)

# Select a parameter (e.g., weight) and set requires_grad to False
linear_layer.weight.requires_grad = False

# Now, when we calculate gradients, no gradients will be computed for this parameter
input_tensor = torch.tensor([[0.3, -0.8, 1.1, 0.2, -0.5, 0.9, -1.4, 0.6, 0.1, -0.2]])
output = linear_layer(input_tensor)
loss = output.sum()
loss.backward()

# Check the gradient of the weight
print(linear_layer.weight.grad)  # This will be None
