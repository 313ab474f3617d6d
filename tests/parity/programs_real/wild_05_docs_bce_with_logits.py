# Source: PyTorch docs, "BCEWithLogitsLoss" (examples; 64 classes x batch 10 shrunk to 4 x 2)
# URL: https://pytorch.org/docs/stable/generated/torch.nn.BCEWithLogitsLoss.html
# Random input and target replaced by literals.
import torch
import torch.nn as nn

target = torch.ones([2, 4], dtype=torch.float32)  # 4 classes, batch size = 2
output = torch.full([2, 4], 1.5)  # A prediction (logit)
pos_weight = torch.ones([4])  # All weights are equal to 1
criterion = torch.nn.BCEWithLogitsLoss(pos_weight=pos_weight)
print(criterion(output, target))  # -log(sigmoid(1.5))

loss = nn.BCEWithLogitsLoss()
input = torch.tensor([0.4, -1.3, 2.1], requires_grad=True)
target = torch.tensor([1.0, 0.0, 1.0])
output = loss(input, target)
output.backward()
print(output, input.grad)
