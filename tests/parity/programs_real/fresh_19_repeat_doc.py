# Source: PyTorch docs, torch.Tensor.repeat (example; then its gradient)
# URL: https://pytorch.org/docs/stable/generated/torch.Tensor.repeat.html
import torch

x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
print(x.repeat(4, 2))
print(x.repeat(4, 2, 1).size())
y = x.repeat(4, 2)
y.sum().backward()
print(y.grad_fn, x.grad)
