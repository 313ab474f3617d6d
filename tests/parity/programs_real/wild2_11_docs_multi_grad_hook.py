# Source: PyTorch docs, torch.autograd.graph.register_multi_grad_hook (example; torch.rand replaced by literals)
# URL: https://pytorch.org/docs/stable/generated/torch.autograd.graph.register_multi_grad_hook.html
import torch

a = torch.tensor([[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]], requires_grad=True)
b = torch.tensor([[0.7, 0.8, 0.9], [1.0, 1.1, 1.2]], requires_grad=True)
c = a * b
d = a * b
def fn(grads):
    print([g is not None for g in grads])
torch.autograd.graph.register_multi_grad_hook((a, b, c, d), fn)
c.sum().backward(retain_graph=True)
c.sum().backward(inputs=(a,), retain_graph=True)
