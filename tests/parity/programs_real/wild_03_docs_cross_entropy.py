# Source: PyTorch docs, "torch.nn.functional.cross_entropy" (examples)
# URL: https://pytorch.org/docs/stable/generated/torch.nn.functional.cross_entropy.html
# Random inputs and targets replaced by literals.
import torch
import torch.nn.functional as F

# Example of target with class indices
input = torch.tensor([[0.5, -1.2, 0.3, 2.0, -0.7],
                      [1.1, 0.4, -0.3, -1.5, 0.9],
                      [-0.2, 0.8, 1.6, 0.1, -1.0]], requires_grad=True)
target = torch.tensor([3, 0, 2])
loss = F.cross_entropy(input, target)
loss.backward()
print(loss, input.grad)

# Example of target with class probabilities
input = torch.tensor([[0.2, 0.1, -0.4, 1.0, 0.3],
                      [-0.6, 1.2, 0.5, 0.0, -0.1],
                      [0.7, -0.3, 0.2, 0.4, 1.5]], requires_grad=True)
target = torch.tensor([[0.3, -1.0, 0.5, 0.2, 0.1],
                       [1.0, 0.0, -0.5, 0.4, 0.2],
                       [0.1, 0.9, -0.2, 0.3, 0.0]]).softmax(dim=1)
loss = F.cross_entropy(input, target)
loss.backward()
print(loss, input.grad)
