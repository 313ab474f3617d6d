# Source: d2l.ai, 3.4 Linear Regression Implementation from Scratch (sgd, training loop)
# URL: https://d2l.ai/chapter_linear-regression/linear-regression-scratch.html
import torch

features = torch.tensor([[1.0, 2.0], [2.0, -1.0], [0.5, 0.5], [-1.0, 1.5]])
labels = torch.tensor([[-0.6], [11.6], [3.5], [-2.9]])

w = torch.tensor([[0.01], [-0.02]], requires_grad=True)
b = torch.zeros(1, requires_grad=True)


def linreg(X, w, b):
    return torch.matmul(X, w) + b


def squared_loss(y_hat, y):
    return (y_hat - y.reshape(y_hat.shape)) ** 2 / 2


def sgd(params, lr, batch_size):
    with torch.no_grad():
        for param in params:
            param -= lr * param.grad / batch_size
            param.grad.zero_()


lr = 0.03
num_epochs = 3
for epoch in range(num_epochs):
    l = squared_loss(linreg(features, w, b), labels)
    l.sum().backward()
    sgd([w, b], lr, 4)
    with torch.no_grad():
        train_l = squared_loss(linreg(features, w, b), labels)
        print(f'epoch {epoch + 1}, loss {float(train_l.mean()):f}')
