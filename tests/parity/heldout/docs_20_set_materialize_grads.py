# Source: PyTorch docs, torch.autograd.function.FunctionCtx.set_materialize_grads (example)
# URL: https://pytorch.org/docs/stable/generated/torch.autograd.function.FunctionCtx.set_materialize_grads.html
import torch


class SimpleFunc(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.set_materialize_grads(False)
        return x.clone(), x.clone()

    @staticmethod
    def backward(ctx, g1, g2):
        x = None
        if g1 is not None:
            x = g1
        if g2 is not None:
            x = g2 if x is None else x + g2
        return x


a = torch.tensor([1.0, 2.0], requires_grad=True)
b, _ = SimpleFunc.apply(a)
b.sum().backward()
print(a.grad)
