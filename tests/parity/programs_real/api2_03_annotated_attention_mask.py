# Source: The Annotated Transformer, attention() with masked_fill (query/key/value replaced by literals)
# URL: http://nlp.seas.harvard.edu/annotated-transformer/
import math
import torch


def attention(query, key, value, mask=None):
    "Compute 'Scaled Dot Product Attention'"
    d_k = query.size(-1)
    scores = torch.matmul(query, key.transpose(-2, -1)) / math.sqrt(d_k)
    if mask is not None:
        scores = scores.masked_fill(mask == 0, -1e9)
    p_attn = scores.softmax(dim=-1)
    return torch.matmul(p_attn, value), p_attn


q = torch.tensor([[1.0, 0.0], [0.5, 1.0], [0.0, -1.0]], requires_grad=True)
k = torch.tensor([[0.2, 1.0], [1.0, 0.0], [-0.5, 0.5]])
v = torch.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
subsequent = torch.tensor([[1, 0, 0], [1, 1, 0], [1, 1, 1]])  # subsequent_mask(3)[0]
out, p = attention(q, k, v, mask=subsequent)
print(p)
out.sum().backward()
print(q.grad)
