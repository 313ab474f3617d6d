# Source: PyTorch docs, "TripletMarginLoss" (example; 100x128 shrunk to 2x3)
# URL: https://pytorch.org/docs/stable/generated/torch.nn.TripletMarginLoss.html
# Random anchors, positives and negatives replaced by literals.
import torch
import torch.nn as nn

triplet_loss = nn.TripletMarginLoss(margin=1.0, p=2, eps=1e-7)
anchor = torch.tensor([[0.1, 0.5, -0.3], [1.0, -0.2, 0.4]], requires_grad=True)
positive = torch.tensor([[0.2, 0.4, -0.1], [0.7, 0.1, 0.3]], requires_grad=True)
negative = torch.tensor([[0.3, 0.9, -0.6], [-0.5, 0.8, 1.2]], requires_grad=True)
output = triplet_loss(anchor, positive, negative)
output.backward()
print(output, anchor.grad, negative.grad)
