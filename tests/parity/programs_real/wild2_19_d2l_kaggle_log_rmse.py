# Source: Dive into Deep Learning, 5.7 Predicting House Prices on Kaggle, log_rmse (a filled Linear and three literal rows)
# URL: https://d2l.ai/chapter_multilayer-perceptrons/kaggle-house-price.html
import torch
from torch import nn

loss = nn.MSELoss()

def log_rmse(net, features, labels):
    # To further stabilize the value when the logarithm is taken, set the
    # value less than 1 as 1
    clipped_preds = torch.clamp(net(features), 1, float('inf'))
    rmse = torch.sqrt(loss(torch.log(clipped_preds), torch.log(labels)))
    return rmse.item()

net = nn.Linear(2, 1)
with torch.no_grad():
    net.weight.copy_(torch.tensor([[2.0, 1.5]]))
    net.bias.fill_(0.5)
features = torch.tensor([[1.0, 2.0], [0.2, 0.1], [3.0, 1.0]])
labels = torch.tensor([[6.0], [1.2], [7.5]])
print(log_rmse(net, features, labels))
