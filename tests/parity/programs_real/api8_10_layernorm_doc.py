# Source: PyTorch docs, torch.nn.LayerNorm (NLP example; the embedding replaced by literals)
# URL: https://pytorch.org/docs/stable/generated/torch.nn.LayerNorm.html
import torch
import torch.nn as nn

# NLP Example
batch, sentence_length, embedding_dim = 2, 3, 4
embedding = torch.tensor([[[0.5, 1.0, -1.5, 2.0], [0.1, 0.2, 0.3, 0.4], [3.0, -1.0, 0.0, 1.0]],
                          [[-2.0, 0.5, 0.7, 1.0], [1.0, 0.9, 1.3, 0.0], [0.3, -0.7, 2.2, 0.1]]],
                         requires_grad=True)
layer_norm = nn.LayerNorm(embedding_dim)
# Activate module
out = layer_norm(embedding)
print(layer_norm)
print(out)
(out * torch.tensor([1.0, -2.0, 0.5, 3.0])).sum().backward()
print(embedding.grad)
print(layer_norm.weight.grad, layer_norm.bias.grad)
print(nn.functional.normalize(embedding.detach()[0], dim=1))
print(nn.functional.cosine_similarity(embedding[0], embedding[1]))
