# Source: PyTorch tutorials, "How to use forward and backward hooks" (forward hook keeps activations)
# URL: https://pytorch.org/docs/stable/generated/torch.nn.Module.html#torch.nn.Module.register_forward_hook
import torch
from torch import nn

activation = {}


def get_activation(name):
    def hook(model, input, output):
        activation[name] = output.detach()
    return hook


model = nn.Sequential(nn.Linear(2, 2), nn.ReLU(), nn.Linear(2, 1))
with torch.no_grad():
    model[0].weight.copy_(torch.tensor([[1.0, -1.0], [0.5, 0.5]]))
    model[0].bias.zero_()
    model[2].weight.copy_(torch.tensor([[2.0, 1.0]]))
    model[2].bias.zero_()
handle = model[1].register_forward_hook(get_activation('relu'))
out = model(torch.tensor([[1.0, 3.0]]))
print(activation['relu'], out)
handle.remove()
