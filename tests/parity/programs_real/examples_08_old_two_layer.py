# Source: PyTorch tutorials (1.0), "Learning PyTorch with Examples", "PyTorch: Tensors and autograd" (two-layer net)
# URL: https://pytorch.org/tutorials/beginner/examples_autograd/two_layer_net_autograd.html
# Sizes reduced (N, D_in, H, D_out = 4, 3, 5, 2) and torch.randn replaced by literals.
import torch

dtype = torch.float
device = torch.device("cpu")

N, D_in, H, D_out = 4, 3, 5, 2

x = torch.tensor([[0.5, -0.2, 0.1], [0.3, 0.8, -0.5], [-0.7, 0.2, 0.9], [0.1, -0.4, 0.6]],
                 device=device, dtype=dtype)
y = torch.tensor([[1.0, -0.5], [0.2, 0.3], [-0.6, 0.8], [0.4, 0.1]], device=device, dtype=dtype)

w1 = torch.tensor([[0.2, -0.3, 0.5, 0.1, -0.2], [0.4, 0.1, -0.6, 0.3, 0.2],
                   [-0.1, 0.7, 0.2, -0.4, 0.6]], device=device, dtype=dtype, requires_grad=True)
w2 = torch.tensor([[0.3, -0.1], [0.2, 0.4], [-0.5, 0.6], [0.1, -0.2], [0.7, 0.3]],
                  device=device, dtype=dtype, requires_grad=True)

learning_rate = 1e-2
for t in range(50):
    y_pred = x.mm(w1).clamp(min=0).mm(w2)

    loss = (y_pred - y).pow(2).sum()
    if t % 10 == 9:
        print(t, loss.item())

    loss.backward()

    with torch.no_grad():
        w1 -= learning_rate * w1.grad
        w2 -= learning_rate * w2.grad

        # Manually zero the gradients after updating weights
        w1.grad.zero_()
        w2.grad.zero_()
