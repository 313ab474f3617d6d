# Source: PyTorch docs, torch.gather (example; then its gradient)
# URL: https://pytorch.org/docs/stable/generated/torch.gather.html
import torch

t = torch.tensor([[1, 2], [3, 4]])
print(torch.gather(t, 1, torch.tensor([[0, 0], [1, 0]])))

w = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
picked = torch.gather(w, 1, torch.tensor([[0, 0], [1, 0]]))
picked.sum().backward()
print(picked.grad_fn)
print(w.grad)
