# Source: PyTorch forums, "Output 0 of UnbindBackward0 is a view and is being modified inplace"
# URL: https://discuss.pytorch.org/t/output-0-of-unbindbackward-is-a-view-and-is-being-modified-inplace/111829
import torch

x = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
y = x * 2
a, b = y.unbind(0)
print(a.grad_fn, b)
a.mul_(3)
