# Source: NagatoYuki0943/DL, notebook "梯度裁剪" (gradient clipping by norm and by value)
# URL: https://github.com/NagatoYuki0943/DL
# The layer's random initial weight and bias set to the values the notebook printed.
import torch
from torch import nn, optim, Tensor

model = nn.Linear(1, 1)
with torch.no_grad():
    model.weight.fill_(0.7450)
    model.bias.fill_(-0.0779)
optimizer = optim.SGD(params=model.parameters(), lr=10)
loss_fn = nn.MSELoss()
print(dict(model.state_dict()))

for x, y in ((0., 1.), (1., 3.), (2., 5.)):
    x = torch.tensor(x).reshape(-1, 1)
    y = torch.tensor(y).reshape(-1, 1)

    optimizer.zero_grad()
    y_pred: Tensor = model(x)
    loss: Tensor = loss_fn(y, y_pred)
    loss.backward()
    # clip gradient by norm
    nn.utils.clip_grad.clip_grad_norm_(parameters=model.parameters(), max_norm=1.0, norm_type=2)
    # clip gradient by value
    nn.utils.clip_grad.clip_grad_value_(parameters=model.parameters(), clip_value=0.01)
    optimizer.step()

print(dict(model.state_dict()))
