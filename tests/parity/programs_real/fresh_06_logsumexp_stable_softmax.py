# Source: Stack Overflow, "Numerically stable log softmax with logsumexp in PyTorch"
# URL: https://stackoverflow.com/questions/44081007/logsoftmax-stability
import torch


def log_softmax(x):
    return x - x.logsumexp(dim=-1, keepdim=True)


x = torch.tensor([[1.0, 2.0, 3.0], [1000.0, 1000.5, 999.0]], requires_grad=True)
out = log_softmax(x)
print(out)
out[:, 0].sum().backward()
print(x.grad)
print(torch.allclose(out, torch.log_softmax(x, dim=-1)))
