# Source: d2l.ai, "Softmax Regression Implementation from Scratch"
# URL: https://d2l.ai/chapter_linear-classification/softmax-regression-scratch.html
import torch


def softmax(X):
    X_exp = torch.exp(X)
    partition = X_exp.sum(1, keepdims=True)
    return X_exp / partition  # The broadcasting mechanism is applied here


X = torch.tensor([[0.1, 0.5, 0.2, 0.9, 0.3], [0.7, 0.4, 0.6, 0.05, 0.8]])
X_prob = softmax(X)
print(X_prob, X_prob.sum(1))

y = torch.tensor([0, 2])
y_hat = torch.tensor([[0.1, 0.3, 0.6], [0.3, 0.2, 0.5]])
print(y_hat[[0, 1], y])


def cross_entropy(y_hat, y):
    return -torch.log(y_hat[list(range(len(y_hat))), y]).mean()


print(cross_entropy(y_hat, y))
