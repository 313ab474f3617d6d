# Source: Dive into Deep Learning, 9.4 "Recurrent Neural Networks" (first snippet; randn replaced by literals; written from memory)
# URL: https://d2l.ai/chapter_recurrent-neural-networks/rnn.html
import torch

X, W_xh = torch.tensor([[0.5], [-1.2], [0.3]]), torch.tensor([[0.7, -0.4, 1.1, 0.2]])
H, W_hh = (torch.tensor([[0.1, 0.9, -0.3, 0.4], [1.2, -0.6, 0.5, 0.0], [-0.8, 0.3, 0.2, 1.5]]),
           torch.tensor([[0.3, -0.2, 0.6, 0.1], [0.5, 0.4, -0.7, 0.9], [-1.0, 0.2, 0.3, 0.8],
                         [0.4, -0.9, 0.1, 0.6]]))
print(torch.matmul(X, W_xh) + torch.matmul(H, W_hh))
print(torch.matmul(torch.cat((X, H), 1), torch.cat((W_xh, W_hh), 0)))
