# Source: im-zhong/MachineLearningYSU2025, "PyTorch Autograd: Hands-on Guide" (setup and scalar example)
# URL: https://github.com/im-zhong/MachineLearningYSU2025
import torch
torch.manual_seed(0)
print('torch version:', torch.__version__)
print('device:', 'cuda' if torch.cuda.is_available() else 'cpu')

x = torch.tensor(3.0, requires_grad=True)
y = x**2 + 2 * x + 1
print('y value:', y.item())

y.backward()  # populates x.grad
print('dy/dx at x=3:', x.grad.item())
