# Source: PyTorch docs, Autograd mechanics, In-place correctness checks (exp_ example) (question reconstructed from memory; URL is a search for it)
# URL: https://discuss.pytorch.org/search?q=one+of+the+variables+needed+for+gradient+computation+has+been+modified+by+an+inplace+operation
import torch

a = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
b = a.sigmoid()
c = b * 2
b.mul_(3)
print(b._version)
c.sum().backward()
print(a.grad)
d = a.exp()
d.add_(1)
d.sum().backward()
