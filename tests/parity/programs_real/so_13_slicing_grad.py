# Source: PyTorch forums, "Gradient of a slice / indexing a tensor"
# URL: https://discuss.pytorch.org/t/how-does-autograd-deal-with-indexing/4240
import torch

x = torch.tensor([1., 2., 3., 4.], requires_grad=True)
y = x[1:3] * 2
z = x[0] ** 2
(y.sum() + z).backward()
print(y, z)
print(x.grad)
