# Source: PyTorch docs, torch.nn.functional.nll_loss (example)
# URL: https://pytorch.org/docs/stable/generated/torch.nn.functional.nll_loss.html
import torch
import torch.nn.functional as F

# input is of size N x C = 3 x 5
input = torch.tensor([[0.1, -0.5, 1.2, 0.3, 0.0], [1.0, 0.2, -0.3, 0.4, 0.8],
                      [-1.1, 0.6, 0.9, 0.0, 0.5]], requires_grad=True)
# each element in target has to have 0 <= value < C
target = torch.tensor([1, 0, 4])
output = F.nll_loss(F.log_softmax(input, dim=1), target)
output.backward()
print(output, input.grad)
