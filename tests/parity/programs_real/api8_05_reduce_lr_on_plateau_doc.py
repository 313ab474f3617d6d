# Source: PyTorch docs, torch.optim.lr_scheduler.ReduceLROnPlateau (example; the
# URL: https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.ReduceLROnPlateau.html
# validation loss is a list of literals)
import torch
from torch.optim.lr_scheduler import ReduceLROnPlateau

model = torch.nn.Linear(2, 1)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
scheduler = ReduceLROnPlateau(optimizer, 'min', patience=2)
val_losses = [1.0, 0.8, 0.81, 0.82, 0.79, 0.8, 0.8, 0.8, 0.8, 0.5, 0.6, 0.6, 0.6, 0.6]
for epoch, val_loss in enumerate(val_losses):
    optimizer.step()
    # Note that step should be called after validate()
    scheduler.step(val_loss)
    print(epoch, scheduler.get_last_lr(), scheduler.num_bad_epochs)
