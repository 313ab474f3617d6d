# Source: DevHubby Q&A, "How does the pytorch autograd work?" (answer's steps, as posted)
# URL: https://devhubby.com/thread/how-does-the-pytorch-autograd-work
import torch

x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = 3 * x + 2
y.backward()
print(x.grad)  # Gradients of x
