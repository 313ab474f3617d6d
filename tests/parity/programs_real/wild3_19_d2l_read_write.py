# Source: Dive into Deep Learning, 6.6 "File I/O" (first snippets; written from memory)
# URL: https://d2l.ai/chapter_builders-guide/read-write.html
import torch

x = torch.arange(4)
torch.save(x, 'x-file')
x2 = torch.load('x-file')
print(x2)
