# Source: PyTorch docs, torch.set_grad_enabled (used as a function) and torch.is_grad_enabled
# URL: https://pytorch.org/docs/stable/generated/torch.set_grad_enabled.html
import torch

x = torch.tensor([1.0], requires_grad=True)
_ = torch.set_grad_enabled(True)
y = x * 2
print(y.requires_grad, torch.is_grad_enabled())
_ = torch.set_grad_enabled(False)
z = x * 2
print(z.requires_grad, torch.is_grad_enabled())
_ = torch.set_grad_enabled(True)
print(torch.is_grad_enabled())
