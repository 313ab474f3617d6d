# Source: PyTorch docs, torch.Tensor.backward (the inputs argument)
# URL: https://pytorch.org/docs/stable/generated/torch.Tensor.backward.html
import torch

a = torch.tensor([2.0, 3.0], requires_grad=True)
b = torch.tensor([6.0, 4.0], requires_grad=True)
Q = 3 * a ** 3 - b ** 2
Q.sum().backward(inputs=[a])
print(a.grad)
print(b.grad)
Q2 = 3 * a ** 3 - b ** 2
Q2.backward(gradient=torch.tensor([1.0, 1.0]), inputs=[b])
print(a.grad)
print(b.grad)
