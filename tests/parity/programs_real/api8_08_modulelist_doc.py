# Source: PyTorch docs, torch.nn.ModuleList / ModuleDict / ParameterList (examples, sizes
# URL: https://pytorch.org/docs/stable/generated/torch.nn.ModuleList.html
# reduced and weights set from literals)
import torch
import torch.nn as nn


class MyModule(nn.Module):
    def __init__(self):
        super().__init__()
        self.linears = nn.ModuleList([nn.Linear(2, 2) for i in range(4)])
        self.choices = nn.ModuleDict({'conv': nn.Linear(2, 2), 'pool': nn.Identity()})
        self.activations = nn.ModuleDict([['lrelu', nn.LeakyReLU()], ['prelu', nn.PReLU()]])
        self.params = nn.ParameterList([nn.Parameter(torch.ones(2)) for i in range(2)])

    def forward(self, x, choice, act):
        # ModuleList can act as an iterable, or be indexed using ints
        for i, l in enumerate(self.linears):
            x = self.linears[i // 2](x) + l(x)
        x = self.choices[choice](x)
        x = self.activations[act](x)
        for p in self.params:
            x = x * p
        return x


model = MyModule()
with torch.no_grad():
    for i, p in enumerate(model.parameters()):
        p.copy_(torch.linspace(-0.3, 0.4, p.numel()).reshape(p.shape) + 0.1 * i)
print(model)
out = model(torch.tensor([[1.0, -2.0]]), 'conv', 'prelu')
print(out)
out.sum().backward()
print(model.activations['prelu'].weight.grad)
print(sum(p.numel() for p in model.parameters()))
print([name for name, _ in model.named_children()])
