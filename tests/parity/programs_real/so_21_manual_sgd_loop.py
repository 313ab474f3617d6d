# Source: Stack Overflow, "Updating weights manually in PyTorch" (w.data -= lr * w.grad.data; w.grad.data.zero_())
# URL: https://stackoverflow.com/questions/53994625/how-can-i-manually-update-weights-in-pytorch
import torch

x = torch.tensor([1.0, 2.0, 3.0, 4.0])
y = torch.tensor([2.0, 4.0, 6.0, 8.0])
w = torch.tensor(0.5, requires_grad=True)
lr = 0.01
for epoch in range(20):
    loss = ((w * x - y) ** 2).mean()
    loss.backward()
    w.data -= lr * w.grad.data
    w.grad.data.zero_()
    if epoch % 5 == 4:
        print(f'epoch {epoch + 1}: w = {w.item():.4f}, loss = {loss.item():.4f}')
