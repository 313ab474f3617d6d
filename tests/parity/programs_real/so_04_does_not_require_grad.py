# Source: Stack Overflow, "element 0 of tensors does not require grad and does not have a grad_fn"
# URL: https://stackoverflow.com/questions/61808965/pytorch-runtimeerror-element-0-of-tensors-does-not-require-grad-and-does-not-ha
import torch

x = torch.tensor([1.0, 2.0, 3.0])
w = torch.tensor([0.5, 0.5, 0.5])
loss = (x * w).sum()
print(loss.requires_grad)
loss.backward()
