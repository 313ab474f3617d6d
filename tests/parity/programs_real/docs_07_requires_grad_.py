# Source: PyTorch documentation, torch.Tensor.requires_grad_ (example)
# URL: https://pytorch.org/docs/stable/generated/torch.Tensor.requires_grad_.html
# `preprocess` is "some function" in the docs: here a fixed affine map.
import torch


def preprocess(t):
    return t * 4 - 1


# Let's say we want to preprocess some saved weights and use
# the result as new weights.
saved_weights = [0.1, 0.2, 0.3, 0.25]
loaded_weights = torch.tensor(saved_weights)
weights = preprocess(loaded_weights)  # some function
print(weights)

# Now, start to record operations done to weights
weights.requires_grad_()
out = weights.pow(2).sum()
out.backward()
print(weights.grad)
