# Source: Stack Overflow, "Why do we need to call zero_grad() in PyTorch?" (gradients accumulate)
# URL: https://stackoverflow.com/questions/48001598/why-do-we-need-to-call-zero-grad-in-pytorch
import torch

x = torch.tensor(1.0, requires_grad=True)
for i in range(3):
    y = x * 2
    y.backward()
    print(x.grad)
