# Source: Stack Overflow, "Gradient of torch.std / standardising a tensor by hand"
# URL: https://stackoverflow.com/questions/62556664/gradient-of-standard-deviation-in-pytorch
import torch

x = torch.tensor([1.0, 2.0, 4.0, 7.0], requires_grad=True)
z = (x - x.mean()) / x.std()
print(z, x.std(), x.std(unbiased=False))
z[0].backward()
print(x.grad)
