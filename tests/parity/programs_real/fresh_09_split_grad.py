# Source: Stack Overflow, "Does torch.split keep the gradient?"
# URL: https://stackoverflow.com/questions/58127059/how-to-split-a-tensor-and-keep-gradients
import torch

x = torch.tensor([1.0, 2.0, 3.0, 4.0, 5.0], requires_grad=True)
parts = torch.split(x, 2)
print(len(parts), parts[0].grad_fn)
loss = (parts[0] ** 2).sum() + 3 * parts[2].sum()
loss.backward()
print(x.grad)
