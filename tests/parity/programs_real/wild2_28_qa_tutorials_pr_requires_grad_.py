# Source: pytorch/tutorials pull request #1254, "Correct mistake in requires_grad_" (the author's check)
# URL: https://github.com/pytorch/tutorials/pull/1254
import torch

x = torch.tensor([1.])
print(x)  # tensor([1.])
x.requires_grad_()
print(x) # tensor([1.], requires_grad=True)
