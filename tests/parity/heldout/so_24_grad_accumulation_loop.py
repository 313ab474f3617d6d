# Source: Stack Overflow, "Why do we need to call zero_grad() in PyTorch?"
# URL: https://stackoverflow.com/questions/48001598/why-do-we-need-to-call-zero-grad-in-pytorch
# Gradient accumulation over mini-batches, then one optimizer step.
import torch

w = torch.tensor([0.5, -0.5], requires_grad=True)
opt = torch.optim.SGD([w], lr=0.1)
batches = [torch.tensor([1.0, 2.0]), torch.tensor([0.5, -1.0]), torch.tensor([2.0, 0.0])]
targets = [1.0, 0.0, 2.0]
opt.zero_grad()
for xb, t in zip(batches, targets):
    loss = ((w * xb).sum() - t) ** 2 / len(batches)
    loss.backward()
print(w.grad)
opt.step()
print(w)
