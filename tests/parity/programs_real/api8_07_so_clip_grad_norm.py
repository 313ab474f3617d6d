# Source: Stack Overflow, "How to do gradient clipping in pytorch?" (answer: clip_grad_norm_
# URL: https://stackoverflow.com/questions/54716377/how-to-do-gradient-clipping-in-pytorch
# after backward, before step; clip_grad_value_)
import torch
import torch.nn as nn

model = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 1))
with torch.no_grad():
    for i, p in enumerate(model.parameters()):
        p.copy_(torch.linspace(-1.0, 1.0, p.numel()).reshape(p.shape) * (i + 1))
x = torch.tensor([[1.0, 2.0, 3.0], [-1.0, 0.5, 2.0]])
y = torch.tensor([[10.0], [-5.0]])
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
loss = nn.functional.mse_loss(model(x), y)
loss.backward()
total_norm = torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)
print(total_norm)
print(sum(p.grad.norm() ** 2 for p in model.parameters()) ** 0.5)
optimizer.step()
print(model[2].weight)
optimizer.zero_grad()
nn.functional.mse_loss(model(x), y).backward()
torch.nn.utils.clip_grad_value_(model.parameters(), clip_value=0.5)
print(model[0].weight.grad)
vec = torch.nn.utils.parameters_to_vector(model.parameters())
print(vec.shape, vec.grad_fn)
