# Source: PyTorch tutorials, "Hooks for autograd saved tensors" (first snippets; randn replaced by literals; written from memory)
# URL: https://pytorch.org/tutorials/intermediate/autograd_saved_tensors_hooks_tutorial.html
import torch

x = torch.tensor([0.5, -1.2, 0.3, 2.0, -0.7], requires_grad=True)
y = x.pow(2)
print(x.equal(y.grad_fn._saved_self))  # True
print(x is y.grad_fn._saved_self)  # True

x = torch.tensor([0.5, -1.2, 0.3, 2.0, -0.7], requires_grad=True)
y = x.exp()
print(y.equal(y.grad_fn._saved_result))  # True
print(y is y.grad_fn._saved_result)  # False
