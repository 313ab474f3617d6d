# Source: PyTorch documentation, torch.autograd.Function (example: Exp)
# URL: https://pytorch.org/docs/stable/autograd.html#function
import torch
from torch.autograd import Function


class Exp(Function):
    @staticmethod
    def forward(ctx, i):
        result = i.exp()
        ctx.save_for_backward(result)
        return result

    @staticmethod
    def backward(ctx, grad_output):
        result, = ctx.saved_tensors
        return grad_output * result


input = torch.tensor([0.5, -1.0, 2.0], requires_grad=True)
# Use it by calling the apply method:
output = Exp.apply(input)
output.sum().backward()
print(output)
print(input.grad)
