# Source: Dive into Deep Learning, 11.3 Attention Scoring Functions, masked_softmax (torch.rand replaced by literals)
# URL: https://d2l.ai/chapter_attention-mechanisms-and-transformers/attention-scoring-functions.html
import torch
from torch import nn


def masked_softmax(X, valid_lens):
    """Perform softmax operation by masking elements on the last axis."""
    # X: 3D tensor, valid_lens: 1D or 2D tensor
    def _sequence_mask(X, valid_len, value=0):
        maxlen = X.size(1)
        mask = torch.arange((maxlen), dtype=torch.float32,
                            device=X.device)[None, :] < valid_len[:, None]
        X[~mask] = value
        return X

    if valid_lens is None:
        return nn.functional.softmax(X, dim=-1)
    else:
        shape = X.shape
        if valid_lens.dim() == 1:
            valid_lens = torch.repeat_interleave(valid_lens, shape[1])
        else:
            valid_lens = valid_lens.reshape(-1)
        # On the last axis, replace masked elements with a very large negative
        # value, whose exponentiation outputs 0
        X = _sequence_mask(X.reshape(-1, shape[-1]), valid_lens, value=-1e6)
        return nn.functional.softmax(X.reshape(shape), dim=-1)


X = torch.tensor([[[0.5, 0.1, 0.9, 0.3], [0.2, 0.8, 0.4, 0.6]],
                  [[0.7, 0.2, 0.1, 0.5], [0.3, 0.9, 0.6, 0.4]]])
print(masked_softmax(X, torch.tensor([2, 3])))
print(masked_softmax(X, torch.tensor([[1, 3], [2, 4]])))
