# Source: PyTorch docs, "Extending torch.autograd" (a Function with several outputs)
# URL: https://pytorch.org/docs/stable/notes/extending.html#extending-torch-autograd
import torch


class MulAdd(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, y):
        ctx.save_for_backward(x, y)
        return x * y, x + y

    @staticmethod
    def backward(ctx, grad_prod, grad_sum):
        x, y = ctx.saved_tensors
        return grad_prod * y + grad_sum, grad_prod * x + grad_sum


x = torch.tensor([1.0, 2.0], requires_grad=True)
y = torch.tensor([3.0, -1.0], requires_grad=True)
p, s = MulAdd.apply(x, y)
print(p, s)
(p * 2 + s).sum().backward()
print(x.grad, y.grad)
print(torch.autograd.gradcheck(MulAdd.apply, (torch.tensor([0.5, 1.5], dtype=torch.float64, requires_grad=True),
                                              torch.tensor([2.0, -0.5], dtype=torch.float64, requires_grad=True))))
