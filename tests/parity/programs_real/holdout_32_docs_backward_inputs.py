# Source: PyTorch docs, torch.Tensor.backward (inputs argument)
# URL: https://pytorch.org/docs/stable/generated/torch.Tensor.backward.html
import torch

a = torch.tensor([1.0, 2.0], requires_grad=True)
b = torch.tensor([3.0, 4.0], requires_grad=True)
c = (a * b).sum()
c.backward(inputs=[a])
print(a.grad, b.grad)
