# Source: PyTorch tutorials, "A Gentle Introduction to torch.autograd", finetuning block, with a small nn model instead of torchvision's resnet18
# URL: https://pytorch.org/tutorials/beginner/blitz/autograd_tutorial.html
# The backbone is a small literal-initialised nn.Module (torchvision is not served).
import torch
from torch import nn, optim


class Backbone(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Linear(4, 3)
        self.fc = nn.Linear(3, 2)

    def forward(self, x):
        return self.fc(torch.relu(self.body(x)))


model = Backbone()
with torch.no_grad():
    model.body.weight.copy_(torch.tensor([[0.1, 0.2, 0.3, 0.4], [-0.4, 0.3, -0.2, 0.1],
                                          [0.5, -0.5, 0.5, -0.5]]))
    model.body.bias.fill_(0.1)

# Freeze all the parameters in the network
for param in model.parameters():
    param.requires_grad = False

model.fc = nn.Linear(3, 10)
with torch.no_grad():
    model.fc.weight.fill_(0.05)
    model.fc.bias.fill_(0.0)

# Optimize only the classifier
optimizer = optim.SGD(model.parameters(), lr=1e-2, momentum=0.9)

data = torch.tensor([[1.0, 0.5, -0.5, 2.0]])
loss = model(data).sum()
loss.backward()
optimizer.step()
for name, param in model.named_parameters():
    print(name, param.requires_grad, param.grad is None)
print(model.fc.bias)
