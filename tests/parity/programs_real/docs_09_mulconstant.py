# Source: PyTorch documentation, "Extending PyTorch" notes (MulConstant)
# URL: https://pytorch.org/docs/stable/notes/extending.html
import torch
from torch.autograd import Function


class MulConstant(Function):
    @staticmethod
    def forward(ctx, tensor, constant):
        # ctx is a context object that can be used to stash information
        # for backward computation
        ctx.constant = constant
        return tensor * constant

    @staticmethod
    def backward(ctx, grad_output):
        # We return as many input gradients as there were arguments.
        # Gradients of non-Tensor arguments to forward must be None.
        return grad_output * ctx.constant, None


x = torch.tensor([1., 2., 3.], requires_grad=True)
y = MulConstant.apply(x, 5.0)
y.sum().backward()
print(y)
print(x.grad)
