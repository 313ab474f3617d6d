# Source: PyTorch tutorials, "Automatic Differentiation with torch.autograd", "Disabling Gradient Tracking"
# URL: https://pytorch.org/tutorials/beginner/basics/autogradqs_tutorial.html
# torch.randn replaced by literals.
import torch

x = torch.ones(5)
w = torch.tensor([[0.1, -0.2, 0.3], [0.4, 0.5, -0.6], [-0.7, 0.8, 0.9],
                  [0.2, -0.1, 0.05], [-0.3, 0.25, 0.15]], requires_grad=True)
b = torch.tensor([0.01, -0.02, 0.03], requires_grad=True)

z = torch.matmul(x, w)+b
print(z.requires_grad)

with torch.no_grad():
    z = torch.matmul(x, w)+b
print(z.requires_grad)

z = torch.matmul(x, w)+b
z_det = z.detach()
print(z_det.requires_grad)
