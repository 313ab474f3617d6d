# Source: Dive into Deep Learning, 3.5 Concise Implementation of Linear Regression (PyTorch),
# URL: https://d2l.ai/chapter_linear-regression/linear-regression-concise.html
# data.TensorDataset / DataLoader; synthetic data replaced by literals, is_train=False so the
# batches come in order; the loss printed to 4 decimals (d2l prints {l:f}: the 6th digit of a
# float32 sum depends on the summation order)
import torch
from torch import nn
from torch.utils import data

true_w = torch.tensor([2, -3.4])
true_b = 4.2
features = torch.tensor([[0.1, 0.5], [-1.2, 0.3], [0.7, -0.8], [1.5, 1.0],
                         [-0.3, -0.6], [0.9, 0.2], [-1.0, 1.1], [0.4, -0.2]])
labels = (torch.matmul(features, true_w) + true_b).reshape((-1, 1))


def load_array(data_arrays, batch_size, is_train=True):
    """Construct a PyTorch data iterator."""
    dataset = data.TensorDataset(*data_arrays)
    return data.DataLoader(dataset, batch_size, shuffle=is_train)


batch_size = 3
data_iter = load_array((features, labels), batch_size, is_train=False)
print(next(iter(data_iter)))
print(len(data_iter))

net = nn.Sequential(nn.Linear(2, 1))
net[0].weight.data.fill_(0.01)
net[0].bias.data.fill_(0)
loss = nn.MSELoss()
trainer = torch.optim.SGD(net.parameters(), lr=0.03)
num_epochs = 3
for epoch in range(num_epochs):
    for X, y in data_iter:
        l = loss(net(X), y)
        trainer.zero_grad()
        l.backward()
        trainer.step()
    l = loss(net(features), labels)
    print(f'epoch {epoch + 1}, loss {l:.4f}')
w = net[0].weight.data
print('error in estimating w:', true_w - w.reshape(true_w.shape))
