# Source: PyTorch forums, "Minimize a simple function with torch.optim" (question reconstructed from memory; URL is a search for it)
# URL: https://discuss.pytorch.org/search?q=using+pytorch+optimizers+for+non+neural+network+optimization
import torch

x = torch.tensor([3.0, -2.0], requires_grad=True)
optimizer = torch.optim.Adam([x], lr=0.1)
for step in range(50):
    optimizer.zero_grad()
    f = (x[0] - 1) ** 2 + (x[1] + 0.5) ** 2
    f.backward()
    optimizer.step()
    if step % 10 == 0:
        print(step, f.item())
print(x)
