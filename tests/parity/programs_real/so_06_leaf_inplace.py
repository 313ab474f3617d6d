# Source: Stack Overflow, "a leaf Variable that requires grad has been used in an in-place operation"
# URL: https://stackoverflow.com/questions/49536856/pytorch-a-leaf-variable-that-requires-grad-has-been-used-in-an-in-place-operati
import torch

w = torch.tensor([1.0, 2.0], requires_grad=True)
with torch.no_grad():
    w += 1
print(w)
w += 1
