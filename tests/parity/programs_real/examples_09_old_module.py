# Source: PyTorch tutorials (1.0), "Learning PyTorch with Examples", "PyTorch: Custom nn Modules" (TwoLayerNet)
# URL: https://pytorch.org/tutorials/beginner/examples_nn/two_layer_net_module.html
# Sizes reduced and random data/initialisation replaced by literals.
import torch


class TwoLayerNet(torch.nn.Module):
    def __init__(self, D_in, H, D_out):
        """
        In the constructor we instantiate two nn.Linear modules and assign them as
        member variables.
        """
        super(TwoLayerNet, self).__init__()
        self.linear1 = torch.nn.Linear(D_in, H)
        self.linear2 = torch.nn.Linear(H, D_out)

    def forward(self, x):
        h_relu = self.linear1(x).clamp(min=0)
        y_pred = self.linear2(h_relu)
        return y_pred


N, D_in, H, D_out = 4, 3, 5, 2

x = torch.tensor([[0.5, -0.2, 0.1], [0.3, 0.8, -0.5], [-0.7, 0.2, 0.9], [0.1, -0.4, 0.6]])
y = torch.tensor([[1.0, -0.5], [0.2, 0.3], [-0.6, 0.8], [0.4, 0.1]])

model = TwoLayerNet(D_in, H, D_out)
with torch.no_grad():
    model.linear1.weight.copy_(torch.tensor([[0.2, -0.3, 0.5], [0.1, -0.2, 0.4], [0.1, -0.6, 0.3],
                                             [0.2, -0.1, 0.7], [0.2, -0.4, 0.6]]))
    model.linear1.bias.fill_(0.05)
    model.linear2.weight.copy_(torch.tensor([[0.3, -0.1, 0.2, 0.4, -0.5], [0.6, 0.1, -0.2, 0.7, 0.3]]))
    model.linear2.bias.fill_(-0.1)

criterion = torch.nn.MSELoss(reduction='sum')
optimizer = torch.optim.SGD(model.parameters(), lr=1e-2)
for t in range(50):
    y_pred = model(x)

    loss = criterion(y_pred, y)
    if t % 10 == 9:
        print(t, loss.item())

    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
