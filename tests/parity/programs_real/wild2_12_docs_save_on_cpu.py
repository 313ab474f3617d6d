# Source: PyTorch docs, torch.autograd.graph.save_on_cpu (example; randn replaced by literals, GPU lines kept)
# URL: https://pytorch.org/docs/stable/generated/torch.autograd.graph.save_on_cpu.html
import torch

a = torch.tensor([0.5, -1.0, 2.0, 0.3, 1.5], requires_grad=True, device="cuda")
b = torch.tensor([1.2, 0.4, -0.7, 2.2, 0.9], requires_grad=True, device="cuda")
c = torch.tensor([-0.3, 1.1, 0.6, -1.4, 0.8], requires_grad=True, device="cuda")

def f(a, b, c):
    prod_1 = a * b           # a and b are saved on GPU
    with torch.autograd.graph.save_on_cpu():
        prod_2 = prod_1 * c  # prod_1 and c are saved on CPU
    y = prod_2 * a           # prod_2 and a are saved on GPU
    return y

y = f(a, b, c)
del a, b, c  # for illustration only
# the content of a, b, and prod_2 are still alive on GPU
# the content of prod_1 and c only live on CPU
y.sum().backward()  # all CPU tensors are moved back to GPU, for backward
# all intermediary tensors are released (deleted) after the call to backward
print(y)
