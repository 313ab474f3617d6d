# Source: PyTorch docs, "Autograd mechanics": views created in no_grad mode
# URL: https://pytorch.org/docs/stable/notes/autograd.html#locally-disabling-gradient-computation
import torch

base = torch.tensor([1.0, 2.0, 3.0], requires_grad=True) * 2
with torch.no_grad():
    view = base[:2]
print(view.requires_grad)
try:
    view.mul_(2)
except RuntimeError as e:
    print("error:", str(e)[:60])
with torch.no_grad():
    view.mul_(2)
print(base)
base.sum().backward()
