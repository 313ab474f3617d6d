# Source: PyTorch docs, torch.optim.lr_scheduler.SequentialLR / CosineAnnealingLR / OneCycleLR
# URL: https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.SequentialLR.html
# (examples, printing each epoch's learning rate)
import torch
from torch.optim.lr_scheduler import (ConstantLR, CosineAnnealingLR, ExponentialLR,
                                      OneCycleLR, SequentialLR)

w = torch.nn.Parameter(torch.tensor([1.0, 2.0]))
optimizer = torch.optim.SGD([w], lr=1.0)
scheduler1 = ConstantLR(optimizer, factor=0.1, total_iters=2)
scheduler2 = ExponentialLR(optimizer, gamma=0.9)
scheduler = SequentialLR(optimizer, schedulers=[scheduler1, scheduler2], milestones=[2])
for epoch in range(6):
    optimizer.step()
    scheduler.step()
    print(epoch, scheduler.get_last_lr())

optimizer = torch.optim.SGD([w], lr=0.1)
cosine = CosineAnnealingLR(optimizer, T_max=5, eta_min=0.001)
lrs = []
for epoch in range(10):
    optimizer.step()
    cosine.step()
    lrs.append(round(cosine.get_last_lr()[0], 6))
print(lrs)

optimizer = torch.optim.Adam([w], lr=0.01)
onecycle = OneCycleLR(optimizer, max_lr=0.1, total_steps=8)
for step in range(8):
    optimizer.step()
    if step < 7:
        onecycle.step()
    print(step, round(onecycle.get_last_lr()[0], 6), round(optimizer.param_groups[0]['betas'][0], 4))
