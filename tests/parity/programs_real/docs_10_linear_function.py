# Source: PyTorch documentation, "Extending PyTorch" notes (LinearFunction)
# URL: https://pytorch.org/docs/stable/notes/extending.html
import torch
from torch.autograd import Function


# Inherit from Function
class LinearFunction(Function):

    # Note that forward, setup_context, and backward are @staticmethods
    @staticmethod
    def forward(input, weight, bias):
        output = input.mm(weight.t())
        if bias is not None:
            output += bias.unsqueeze(0).expand_as(output)
        return output

    @staticmethod
    # inputs is a Tuple of all of the inputs passed to forward.
    # output is the output of the forward().
    def setup_context(ctx, inputs, output):
        input, weight, bias = inputs
        ctx.save_for_backward(input, weight, bias)

    # This function has only a single output, so it gets only one gradient
    @staticmethod
    def backward(ctx, grad_output):
        input, weight, bias = ctx.saved_tensors
        grad_input = grad_weight = grad_bias = None

        if ctx.needs_input_grad[0]:
            grad_input = grad_output.mm(weight)
        if ctx.needs_input_grad[1]:
            grad_weight = grad_output.t().mm(input)
        if bias is not None and ctx.needs_input_grad[2]:
            grad_bias = grad_output.sum(0)

        return grad_input, grad_weight, grad_bias


x = torch.tensor([[1., 2.], [3., 4.], [5., 6.]], requires_grad=True)
w = torch.tensor([[0.1, 0.2], [0.3, -0.4]], requires_grad=True)
bias = torch.tensor([0.5, -0.5], requires_grad=True)
out = LinearFunction.apply(x, w, bias)
out.sum().backward()
print(out)
print(x.grad, w.grad, bias.grad)
