# Source: Dive into Deep Learning, 9.5 RNN Implementation from Scratch, "Gradient Clipping" (the Trainer method as a function; a filled Linear drives it)
# URL: https://d2l.ai/chapter_recurrent-neural-networks/rnn-scratch.html
import torch
from torch import nn

def clip_gradients(grad_clip_val, model):
    params = [p for p in model.parameters() if p.requires_grad]
    norm = torch.sqrt(sum(torch.sum((p.grad ** 2)) for p in params))
    if norm > grad_clip_val:
        for param in params:
            param.grad[:] *= grad_clip_val / norm

model = nn.Linear(2, 1)
with torch.no_grad():
    model.weight.fill_(0.5)
    model.bias.fill_(-0.2)
loss = ((model(torch.tensor([[3.0, -4.0], [2.0, 1.0]])) - 5.0) ** 2).mean()
loss.backward()
clip_gradients(1, model)
print(model.weight.grad, model.bias.grad)
