# Source: TaoURL Q&A, "An example of how pytorch clip_grad_norm_ works" (answer's first example as posted; randn replaced by literals, sizes shrunk)
# URL: https://taourl.com/read-3677713.html
import torch
import torch.nn as nn
import torch.optim as optim

# Define a simple model
model = nn.Linear(3, 2)
optimizer = optim.SGD(model.parameters, lr=0.01)

# Simulate a forward and backward pass
inputs = torch.tensor([[0.5, -1.0, 0.3], [1.2, 0.4, -0.7]])
targets = torch.tensor([[0.1, 0.9], [-0.4, 0.6]])
outputs = model(inputs)
loss = nn.MSELoss(outputs, targets)
loss.backward

# Clip gradients before optimizer step
torch.nn.utils.clip_grad_norm_(model.parameters, max_norm=1.0)
optimizer.step
