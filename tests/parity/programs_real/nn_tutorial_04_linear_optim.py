# Source: PyTorch tutorials, "What is torch.nn really?", "Refactor using nn.Linear" and "Refactor using torch.optim"
# URL: https://pytorch.org/tutorials/beginner/nn_tutorial.html
# MNIST replaced by a literal batch; nn.Linear's random initialisation replaced by literals.
import torch
from torch import nn, optim
import torch.nn.functional as F

x_train = torch.tensor([[0.1, 0.5, 0.2, 0.0, 0.9, 0.3], [0.7, 0.1, 0.0, 0.4, 0.2, 0.8],
                        [0.3, 0.3, 0.9, 0.6, 0.1, 0.0], [0.0, 0.8, 0.4, 0.2, 0.5, 0.6]])
y_train = torch.tensor([2, 0, 1, 2])
n = 4
bs = 2
lr = 0.5
epochs = 2
loss_func = F.cross_entropy


class Mnist_Logistic(nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = nn.Linear(6, 3)

    def forward(self, xb):
        return self.lin(xb)


def get_model():
    model = Mnist_Logistic()
    with torch.no_grad():
        model.lin.weight.copy_(torch.tensor([[0.2, 0.3, -0.2, 0.6, 0.1, -0.5],
                                             [-0.1, 0.5, 0.1, -0.4, 0.2, 0.3],
                                             [0.4, -0.6, 0.3, 0.2, -0.3, 0.1]]))
        model.lin.bias.zero_()
    return model, optim.SGD(model.parameters(), lr=lr)


model, opt = get_model()
xb = x_train[0:bs]
yb = y_train[0:bs]
print(loss_func(model(xb), yb))

for epoch in range(epochs):
    for i in range((n - 1) // bs + 1):
        start_i = i * bs
        end_i = start_i + bs
        xb = x_train[start_i:end_i]
        yb = y_train[start_i:end_i]
        pred = model(xb)
        loss = loss_func(pred, yb)

        loss.backward()
        opt.step()
        opt.zero_grad()

print(loss_func(model(xb), yb))
