# Source: PyTorch docs, torch.optim.lr_scheduler.StepLR (example)
# URL: https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.StepLR.html
import torch
from torch.optim.lr_scheduler import StepLR

w = torch.tensor([1.0, -2.0], requires_grad=True)
optimizer = torch.optim.SGD([w], lr=0.05)
# Assuming optimizer uses lr = 0.05 for all groups
# lr = 0.05     if epoch < 3
# lr = 0.005    if 3 <= epoch < 6
# lr = 0.0005   if 6 <= epoch < 9
scheduler = StepLR(optimizer, step_size=3, gamma=0.1)
for epoch in range(9):
    optimizer.zero_grad()
    loss = (w ** 2).sum()
    loss.backward()
    optimizer.step()
    scheduler.step()
    print(epoch, scheduler.get_last_lr())
print(w)
