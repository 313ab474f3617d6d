# Source: d2l.ai, "Dive into Deep Learning", 3.4 Linear Regression Implementation from Scratch (model, loss, SGD)
# URL: https://d2l.ai/chapter_linear-regression/linear-regression-scratch.html
# The synthetic data and torch.normal initialisation replaced by literals; one epoch over one minibatch.
import torch


def linreg(X, w, b):
    """The linear regression model."""
    return torch.matmul(X, w) + b


def squared_loss(y_hat, y):
    """Squared loss."""
    return (y_hat - y.reshape(y_hat.shape)) ** 2 / 2


def sgd(params, lr, batch_size):
    """Minibatch stochastic gradient descent."""
    with torch.no_grad():
        for param in params:
            param -= lr * param.grad / batch_size
            param.grad.zero_()


features = torch.tensor([[0.5, -1.2], [1.1, 0.3], [-0.7, 0.8], [0.2, 0.4]])
true_w = torch.tensor([2, -3.4])
true_b = 4.2
labels = (torch.matmul(features, true_w) + true_b).reshape((-1, 1))

w = torch.tensor([[0.01], [-0.02]], requires_grad=True)
b = torch.zeros(1, requires_grad=True)

lr = 0.03
num_epochs = 3
net = linreg
loss = squared_loss
batch_size = 4

for epoch in range(num_epochs):
    X, y = features, labels
    l = loss(net(X, w, b), y)  # Minibatch loss in `X` and `y`
    # Compute gradient on `l` with respect to [`w`, `b`]
    l.sum().backward()
    sgd([w, b], lr, batch_size)  # Update parameters using their gradient
    with torch.no_grad():
        train_l = loss(net(features, w, b), labels)
        print(f'epoch {epoch + 1}, loss {float(train_l.mean()):f}')
