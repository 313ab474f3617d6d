# Source: d2l.ai, "Weight Decay" (implementation from scratch; the book's linreg/squared_loss/sgd helpers inlined)
# URL: https://d2l.ai/chapter_linear-regression/weight-decay.html
# Synthetic data and random init replaced by literals; 100 epochs shrunk to 5.
import torch

train_features = torch.tensor([[0.5, -0.2, 0.1], [1.0, 0.3, -0.4], [-0.6, 0.8, 0.2], [0.2, 0.2, 0.9]])
train_labels = torch.tensor([[0.06], [0.1], [0.05], [0.07]])
batch_size = 2
train_iter = [(train_features[0:2], train_labels[0:2]), (train_features[2:4], train_labels[2:4])]


def linreg(X, w, b):
    return torch.matmul(X, w) + b


def squared_loss(y_hat, y):
    return (y_hat - y.reshape(y_hat.shape)) ** 2 / 2


def sgd(params, lr, batch_size):
    with torch.no_grad():
        for param in params:
            param -= lr * param.grad / batch_size
            param.grad.zero_()


def init_params():
    w = torch.tensor([[0.3], [-1.2], [0.7]], requires_grad=True)
    b = torch.zeros(1, requires_grad=True)
    return [w, b]


def l2_penalty(w):
    return torch.sum(w.pow(2)) / 2


def train(lambd):
    w, b = init_params()
    net, loss = lambda X: linreg(X, w, b), squared_loss
    num_epochs, lr = 5, 0.3
    for epoch in range(num_epochs):
        for X, y in train_iter:
            # The L2 norm penalty term has been added, and broadcasting
            # makes `l2_penalty(w)` a vector whose length is `batch_size`
            l = loss(net(X), y) + lambd * l2_penalty(w)
            l.sum().backward()
            sgd([w, b], lr, batch_size)
    print('L2 norm of w:', torch.norm(w).item())


train(lambd=0)
train(lambd=3)
