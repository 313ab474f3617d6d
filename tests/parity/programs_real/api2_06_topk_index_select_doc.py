# Source: PyTorch docs, torch.topk and torch.index_select (examples; random input replaced by literals; then gradients)
# URL: https://pytorch.org/docs/stable/generated/torch.topk.html
import torch

x = torch.arange(1., 6.)
print(x)
print(torch.topk(x, 3))

x = torch.tensor([[0.1427, 0.0231, -0.5414, -1.0009],
                  [-0.4664, 0.2647, -0.1228, -1.1068],
                  [-1.1734, -0.6571, 0.7230, -0.6004]], requires_grad=True)
indices = torch.tensor([0, 2])
print(torch.index_select(x, 0, indices))
print(torch.index_select(x, 1, indices))
values, idx = x.topk(2, dim=1)
(values.sum() + torch.index_select(x, 1, indices).sum()).backward()
print(idx)
print(x.grad)
