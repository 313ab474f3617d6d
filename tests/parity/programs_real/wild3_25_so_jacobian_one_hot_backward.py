# Source: Stack Overflow, "Why pytorch autograd need another vector to backward instead of computing Jacobian?" (answer; randn replaced by literals; print of J kept; found via an offline mirror)
# URL: https://stackoverflow.com/questions/63816321/why-pytorch-autograd-need-another-vector-to-backward-instead-of-computing-jaco
import torch

x = torch.tensor([0.4, -1.3, 0.9], requires_grad=True)
y = x * 2
J = torch.zeros(x.shape[0], x.shape[0])
for i in range(x.shape[0]):
    v = torch.tensor([1 if j == i else 0 for j in range(x.shape[0])], dtype=torch.float)
    y.backward(v, retain_graph=True)
    J[:, i] = x.grad
    x.grad.zero_()
print(J)
