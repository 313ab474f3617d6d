# Source: d2l.ai, "Adagrad" / "RMSProp" / "Adam" (concise implementations with torch.optim)
# URL: https://d2l.ai/chapter_optimization/rmsprop.html
import torch
from torch import nn

X = torch.tensor([[1.0, 2.0], [3.0, -1.0], [0.5, 0.5]])
y = torch.tensor([[1.0], [2.0], [0.0]])
for trainer_fn, hyperparams in [(torch.optim.Adagrad, {'lr': 0.1}),
                                (torch.optim.RMSprop, {'lr': 0.01, 'alpha': 0.9}),
                                (torch.optim.AdamW, {'lr': 0.01})]:
    net = nn.Linear(2, 1)
    with torch.no_grad():
        net.weight.copy_(torch.tensor([[0.5, -0.3]]))
        net.bias.fill_(0.0)
    trainer = trainer_fn(net.parameters(), **hyperparams)
    loss = nn.MSELoss()
    for epoch in range(3):
        trainer.zero_grad()
        l = loss(net(X), y)
        l.backward()
        trainer.step()
    print(trainer_fn.__name__, net.weight.data, net.bias.data)
