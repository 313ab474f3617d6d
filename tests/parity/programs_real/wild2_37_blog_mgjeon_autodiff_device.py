# Source: mgjeon/notebooks, "Automatic differentiation in PyTorch" (first cell, GPU line kept)
# URL: https://github.com/mgjeon/notebooks
import numpy as np
import torch
device = torch.device('cuda' if torch.cuda.is_available() else 'cpu')

x = np.array([1, 2]).reshape(-1, 1)

x = torch.tensor(x, dtype=torch.float, requires_grad=True).to(device)

f = x**3

f_x = torch.autograd.grad(outputs=f, inputs=x, grad_outputs=torch.ones_like(f), create_graph=True)[0]

f_xx = torch.autograd.grad(f_x, x, torch.ones_like(f), create_graph=True)[0]

print('f_x')
print(f_x)

print('f_xx')
print(f_xx)
