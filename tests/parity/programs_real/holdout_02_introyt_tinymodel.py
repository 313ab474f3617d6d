# Source: PyTorch tutorial "The Fundamentals of Autograd", Autograd in Training
# URL: https://pytorch.org/tutorials/beginner/introyt/autogradyt_tutorial.html
import torch

BATCH_SIZE = 2
DIM_IN = 4
HIDDEN_SIZE = 3
DIM_OUT = 2


class TinyModel(torch.nn.Module):

    def __init__(self):
        super(TinyModel, self).__init__()

        self.layer1 = torch.nn.Linear(DIM_IN, HIDDEN_SIZE)
        self.relu = torch.nn.ReLU()
        self.layer2 = torch.nn.Linear(HIDDEN_SIZE, DIM_OUT)

    def forward(self, x):
        x = self.layer1(x)
        x = self.relu(x)
        x = self.layer2(x)
        return x


torch.manual_seed(0)
some_input = torch.tensor([[0.1, -0.2, 0.3, 0.4], [0.5, 0.6, -0.7, 0.8]])
ideal_output = torch.tensor([[1.0, 0.0], [0.0, 1.0]])

model = TinyModel()
with torch.no_grad():
    model.layer1.weight.copy_(torch.tensor([[0.1, 0.2, -0.3, 0.4], [-0.5, 0.6, 0.7, 0.1], [0.2, -0.1, 0.3, 0.5]]))
    model.layer1.bias.copy_(torch.tensor([0.1, -0.1, 0.2]))
    model.layer2.weight.copy_(torch.tensor([[0.3, -0.2, 0.1], [0.4, 0.5, -0.6]]))
    model.layer2.bias.copy_(torch.tensor([0.05, -0.05]))

print(model.layer2.weight[0][0:3])
print(model.layer2.weight.grad)

optimizer = torch.optim.SGD(model.parameters(), lr=0.001)

prediction = model(some_input)

loss = (ideal_output - prediction).pow(2).sum()
print(loss)

loss.backward()
print(model.layer2.weight[0][0:3])
print(model.layer2.weight.grad[0][0:3])

optimizer.step()
print(model.layer2.weight[0][0:3])
print(model.layer2.weight.grad[0][0:3])

for i in range(0, 5):
    prediction = model(some_input)
    loss = (ideal_output - prediction).pow(2).sum()
    loss.backward()

print(model.layer2.weight.grad[0][0:3])

optimizer.zero_grad(set_to_none=False)

print(model.layer2.weight.grad[0][0:3])
