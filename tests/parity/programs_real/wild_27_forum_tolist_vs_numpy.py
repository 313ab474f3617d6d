# Source: PyTorch Forums, "tolist() vs numpy() with requires_grad=True" (question)
# URL: https://discuss.pytorch.org/t/tolist-vs-numpy-with-requires-grad-true/207578
import torch
t = torch.arange(5, dtype=torch.float32, requires_grad=True)
print(t, type(t), type(t[0]))
# >>> tensor([0., 1., 2., 3., 4.], requires_grad=True) <class 'torch.Tensor'> <class 'torch.Tensor'>
print(t.tolist(), type(t.tolist()), type(t.tolist()[0]))
# >>> [0.0, 1.0, 2.0, 3.0, 4.0] <class 'list'> <class 'float'>
print(t.numpy())
# >>> RuntimeError: Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.
