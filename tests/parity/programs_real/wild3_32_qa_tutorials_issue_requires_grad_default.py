# Source: GitHub issue pytorch/tutorials#623, "Correction to 60 Minute Blitz Autograd tutorial" (the corrected example; randn replaced by literals)
# URL: https://github.com/pytorch/tutorials/issues/623
import torch

a = torch.tensor([[0.4, -1.3], [2.2, 0.7]])
a = ((a * 3) / (a - 1))
print(a.requires_grad)
a.requires_grad_()
print(a.requires_grad)
b = (a * a).sum()
print(b.grad_fn)
