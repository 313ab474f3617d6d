# Source: PyTorch tutorials, "What is torch.nn really?", "Neural net from scratch (without torch.nn)"
# URL: https://pytorch.org/tutorials/beginner/nn_tutorial.html
# MNIST replaced by a literal batch of 4 samples with 6 features and 3 classes; torch.randn weights by literals.
import math
import torch

x_train = torch.tensor([[0.1, 0.5, 0.2, 0.0, 0.9, 0.3], [0.7, 0.1, 0.0, 0.4, 0.2, 0.8],
                        [0.3, 0.3, 0.9, 0.6, 0.1, 0.0], [0.0, 0.8, 0.4, 0.2, 0.5, 0.6]])
y_train = torch.tensor([2, 0, 1, 2])
n, c = x_train.shape

weights = torch.tensor([[0.2, -0.1, 0.4], [0.3, 0.5, -0.6], [-0.2, 0.1, 0.3],
                        [0.6, -0.4, 0.2], [0.1, 0.2, -0.3], [-0.5, 0.3, 0.1]]) / math.sqrt(6)
weights.requires_grad_()
bias = torch.zeros(3, requires_grad=True)


def log_softmax(x):
    return x - x.exp().sum(-1).log().unsqueeze(-1)


def model(xb):
    return log_softmax(xb @ weights + bias)


bs = 4  # batch size

xb = x_train[0:bs]  # a mini-batch from x
preds = model(xb)  # predictions
print(preds[0], preds.shape)


def nll(input, target):
    return -input[range(target.shape[0]), target].mean()


loss_func = nll

yb = y_train[0:bs]
print(loss_func(preds, yb))


def accuracy(out, yb):
    preds = torch.argmax(out, dim=1)
    return (preds == yb).float().mean()


print(accuracy(preds, yb))

lr = 0.5  # learning rate
epochs = 2  # how many epochs to train for

for epoch in range(epochs):
    for i in range((n - 1) // bs + 1):
        start_i = i * bs
        end_i = start_i + bs
        xb = x_train[start_i:end_i]
        yb = y_train[start_i:end_i]
        pred = model(xb)
        loss = loss_func(pred, yb)

        loss.backward()
        with torch.no_grad():
            weights -= weights.grad * lr
            bias -= bias.grad * lr
            weights.grad.zero_()
            bias.grad.zero_()

print(loss_func(model(xb), yb), accuracy(model(xb), yb))
