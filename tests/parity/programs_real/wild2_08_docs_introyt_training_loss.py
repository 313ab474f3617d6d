# Source: PyTorch tutorials, Introduction to PyTorch on YouTube, "Training with PyTorch" (loss function; torch.rand replaced by literals)
# URL: https://pytorch.org/tutorials/beginner/introyt/trainingyt.html
import torch

loss_fn = torch.nn.CrossEntropyLoss()

# NB: Loss functions expect data in batches, so we're creating batches of 4
# Represents the model's confidence in each of the 10 classes for a given input
dummy_outputs = torch.tensor([[0.42, 0.13, 0.77, 0.05, 0.91, 0.36, 0.58, 0.24, 0.69, 0.11],
                              [0.83, 0.47, 0.02, 0.64, 0.29, 0.95, 0.18, 0.71, 0.33, 0.56],
                              [0.07, 0.88, 0.52, 0.39, 0.16, 0.74, 0.61, 0.03, 0.97, 0.45],
                              [0.66, 0.21, 0.34, 0.93, 0.50, 0.09, 0.82, 0.27, 0.14, 0.79]])
# Represents the correct class among the 10 being tested
dummy_labels = torch.tensor([1, 5, 3, 7])

print(dummy_outputs)
print(dummy_labels)

loss = loss_fn(dummy_outputs, dummy_labels)
print('Total loss for this batch: {}'.format(loss.item()))
