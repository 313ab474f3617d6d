# Source: PyTorch docs, torch.nn.Embedding (examples: padding_idx and from_pretrained)
# URL: https://pytorch.org/docs/stable/generated/torch.nn.Embedding.html
import torch
import torch.nn as nn

# an Embedding module containing 10 tensors of size 3, row 0 the padding
embedding = nn.Embedding(10, 3, padding_idx=0)
with torch.no_grad():
    embedding.weight.copy_(torch.arange(30.).reshape(10, 3) / 10)
    embedding.weight[0] = 0
print(embedding)
input = torch.LongTensor([[0, 2, 0, 5]])
out = embedding(input)
print(out)
out.sum().backward()
print(embedding.weight.grad[:6])

# FloatTensor containing pretrained weights
weight = torch.FloatTensor([[1, 2.3, 3], [4, 5.1, 6.3]])
embedding = nn.Embedding.from_pretrained(weight)
# Get embeddings for index 1
input = torch.LongTensor([1])
print(embedding(input))
print(embedding.weight.requires_grad)
