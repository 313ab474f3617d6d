# Source: PyTorch docs, torch.roll and torch.flip (examples; then a gradient)
# URL: https://pytorch.org/docs/stable/generated/torch.roll.html
import torch

x = torch.tensor([1, 2, 3, 4, 5, 6, 7, 8]).view(4, 2)
print(x)
print(torch.roll(x, 1))
print(torch.roll(x, 1, 0))
print(torch.roll(x, -1, 0))
print(torch.roll(x, shifts=(2, 1), dims=(0, 1)))
y = torch.arange(8).view(2, 2, 2)
print(torch.flip(y, [0, 1]))

w = torch.tensor([1.0, 2.0, 3.0, 4.0], requires_grad=True)
z = torch.roll(w, 1) * torch.flip(w, [0])
z.sum().backward()
print(z.grad_fn)
print(w.grad)
