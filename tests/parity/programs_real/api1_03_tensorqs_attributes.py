# Source: PyTorch tutorials, Learn the Basics > Tensors (Initializing a Tensor, Attributes)
# URL: https://pytorch.org/tutorials/beginner/basics/tensorqs_tutorial.html
# (random values replaced by literals; rand_like printed by shape and dtype)
import torch

data = [[1, 2], [3, 4]]
x_data = torch.tensor(data)
x_ones = torch.ones_like(x_data) # retains the properties of x_data
print(f"Ones Tensor: \n {x_ones} \n")

# overrides the datatype of x_data
print(torch.rand_like(x_data, dtype=torch.float).dtype)

tensor = torch.tensor([[0.2, 0.7, 0.1, 0.9], [0.4, 0.3, 0.8, 0.5], [0.6, 0.0, 0.5, 0.2]])
print(f"Shape of tensor: {tensor.shape}")
print(f"Datatype of tensor: {tensor.dtype}")
print(f"Device tensor is stored on: {tensor.device}")

# We move our tensor to the current accelerator if available
if torch.accelerator.is_available():
    tensor = tensor.to(torch.accelerator.current_accelerator())
if torch.cuda.is_available():
    tensor = tensor.to("cuda")
print(f"Device tensor is stored on: {tensor.device}")
