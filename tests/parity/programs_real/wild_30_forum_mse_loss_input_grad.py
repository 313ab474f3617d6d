# Source: PyTorch Forums, "When I want to get the input grad in mse_loss, what's the difference between mse_loss, backward and torch.ops.aten.mse_loss_backward?" (question's first block, as posted)
# URL: https://discuss.pytorch.org/t/when-i-want-to-get-the-input-grad-in-mse-loss-whats-the-difference-between-mse-loss-backward-and-torch-ops-aten-mse-loss-backward/190902
import torch
x = torch.tensor(torch.tensor([1.,2.,3.,4.,5.]))
x.requires_grad_(True)
target = torch.tensor(torch.tensor(5.,4.,3.,2.,1.))
out = torch.nn.functional.mse_loss(x, target, reduction = 'mean')
out.backward(torch.tensor(float(2.)))
print(x.grad)
