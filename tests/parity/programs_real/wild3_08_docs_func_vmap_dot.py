# Source: PyTorch docs, torch.func.vmap (first example, batched dot; randn replaced by literals; written from memory)
# URL: https://pytorch.org/docs/stable/generated/torch.func.vmap.html
import torch

# Batched dot product
torch.dot                            # [D], [D] -> []
batched_dot = torch.func.vmap(torch.dot)  # [N, D], [N, D] -> [N]
x, y = torch.tensor([[0.3, -1.1, 0.8, 0.2, 1.5], [-0.4, 0.9, 0.1, -1.3, 0.6]]), \
    torch.tensor([[1.2, 0.5, -0.7, 0.4, -0.2], [0.3, -0.8, 1.1, 0.9, -1.4]])
print(batched_dot(x, y))
