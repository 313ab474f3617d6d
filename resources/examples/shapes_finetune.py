# Transfer learning at toy scale: the tutorial's finetuning recipe on a network that was
# "pretrained" on four shapes (square, disk, plus, x) by shapes_pretrain.py, now taught three
# new shapes (ring, triangle, bar). Freeze the backbone, replace the head, train only the head.
#     python main.py run resources/examples/shapes_finetune.py
import torch
from torch import nn, optim
import torchvision.models as models

# torchvision's ResNet design at toy scale, with the weights shapes_pretrain.py wrote
model = models.small_resnet(weights="shapes_backbone.npz", num_classes=4)
data = torch.load("shapes_data.npz")
x_train = data["x_train"].float() / 255
y_train = data["y_train"]
x_test = data["x_test"].float() / 255
y_test = data["y_test"]

# Freeze all the parameters in the network
for param in model.parameters():
    param.requires_grad = False

# A new head for the three new shapes: its parameters require grad by default
model.fc = nn.Linear(64, 3)
# Optimize only the classifier
optimizer = optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
model.eval()  # batch norm keeps the statistics learned in pretraining


def accuracy(x, y):
    with torch.no_grad():
        return (model(x).argmax(dim=1) == y).float().mean().item()


print(f"test accuracy with the new, untrained head: {accuracy(x_test, y_test):.2f}")
for epoch in range(40):
    optimizer.zero_grad()
    loss = nn.functional.cross_entropy(model(x_train), y_train)
    loss.backward()
    optimizer.step()
    if epoch % 10 == 9:
        print(f"epoch {epoch + 1}: loss {loss.item():.3f}")
print(f"test accuracy after training only the head: {accuracy(x_test, y_test):.2f}")
