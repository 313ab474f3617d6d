# Source: d2l.ai, "Learning Rate Scheduling" (schedulers from torch.optim.lr_scheduler)
# URL: https://d2l.ai/chapter_optimization/lr-scheduler.html
# The page's convolutional net replaced by one small Linear layer (only its parameters are used);
# d2l.plot replaced by printing the learning rates.
import torch
from torch import nn
from torch.optim import lr_scheduler

net = nn.Linear(2, 1)
num_epochs = 40
lr = 0.5
trainer = torch.optim.SGD(net.parameters(), lr=lr)
scheduler = lr_scheduler.MultiStepLR(trainer, milestones=[15, 30], gamma=0.5)


def get_lr(trainer, scheduler):
    lr = scheduler.get_last_lr()[0]
    trainer.step()
    scheduler.step()
    return lr


print([get_lr(trainer, scheduler) for t in range(num_epochs)])
