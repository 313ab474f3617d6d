# Source: Stack Overflow, "Gradient of softmax output in PyTorch is zero" (question reconstructed from memory; URL is a search for it)
# URL: https://stackoverflow.com/search?q=gradient+of+softmax+sum+is+zero+pytorch
import torch
import torch.nn.functional as F

logits = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
p = F.softmax(logits, dim=0)
p.sum().backward()
print(p)
print(logits.grad)

logits.grad = None
p = F.softmax(logits, dim=0)
p[2].backward()
print(logits.grad)
