# Source: codegenes.net, "Non-changing gradient in PyTorch" (first example; randn data replaced by literals; initial weights filled)
# URL: https://www.codegenes.net/blog/non-changing-gradient-pytorch
import torch
import torch.nn as nn


# Define a simple neural network
class SimpleNet(nn.Module):
    def __init__(self):
        super(SimpleNet, self).__init__()
        self.fc1 = nn.Linear(10, 20)
        self.fc2 = nn.Linear(20, 1)

    def forward(self, x):
        x = torch.relu(self.fc1(x))
        x = self.fc2(x)
        return x


model = SimpleNet()
with torch.no_grad():
    for p in model.parameters():
        p.fill_(0.05)
# Freeze the first fully - connected layer
for param in model.fc1.parameters():
    param.requires_grad = False
# Check the requires_grad status
for name, param in model.named_parameters():
    print(name, param.requires_grad)
# Generate some random data
input_data = torch.tensor([[0.5, -0.3, 1.2, 0.8, -1.1, 0.4, 0.0, -0.6, 0.9, 0.2]])
target = torch.tensor([[0.7]])
# Define a loss function and an optimizer
criterion = nn.MSELoss()
optimizer = torch.optim.SGD(filter(lambda p: p.requires_grad, model.parameters()), lr=0.01)
# Forward pass
output = model(input_data)
loss = criterion(output, target)
# Backward pass
loss.backward()
# Update the parameters
optimizer.step()
print(model.fc1.weight.grad)
