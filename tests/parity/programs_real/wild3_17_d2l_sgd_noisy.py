# Source: Dive into Deep Learning, 12.4 "Stochastic Gradient Descent" (d2l.train_2d inlined without plotting; torch.normal noise replaced by literals; written from memory)
# URL: https://d2l.ai/chapter_optimization/sgd.html
import math
import torch

NOISE = [0.3, -1.2, 0.8, 0.1, -0.5, 1.4, -0.9, 0.2, 0.6, -0.3]


def f(x1, x2):  # Objective function
    return x1 ** 2 + 2 * x2 ** 2


def f_grad(x1, x2):  # Gradient of the objective function
    return 2 * x1, 4 * x2


step = 0


def sgd(x1, x2, s1, s2, f_grad):
    global step
    g1, g2 = f_grad(x1, x2)
    # Simulate noisy gradient
    g1 += torch.tensor([NOISE[step % 10]]).item()
    g2 += torch.tensor([NOISE[(step + 3) % 10]]).item()
    step += 1
    eta_t = eta * lr()
    return (x1 - eta_t * g1, x2 - eta_t * g2, 0, 0)


def constant_lr():
    return 1


def train_2d(trainer, steps=20, f_grad=None):
    """Optimize a 2D objective function with a customized trainer."""
    x1, x2, s1, s2 = -5, -2, 0, 0
    results = [(x1, x2)]
    for i in range(steps):
        x1, x2, s1, s2 = trainer(x1, x2, s1, s2, f_grad)
        results.append((x1, x2))
    print(f'epoch {i + 1}, x1: {float(x1):f}, x2: {float(x2):f}')
    return results


eta = 0.1
lr = constant_lr  # Constant learning rate
train_2d(sgd, steps=50, f_grad=f_grad)
