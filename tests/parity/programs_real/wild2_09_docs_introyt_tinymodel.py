# Source: PyTorch tutorials, Introduction to PyTorch on YouTube, "Building Models with PyTorch" (TinyModel; sizes shrunk, initial weights filled)
# URL: https://pytorch.org/tutorials/beginner/introyt/modelsyt_tutorial.html
import torch


class TinyModel(torch.nn.Module):

    def __init__(self):
        super(TinyModel, self).__init__()

        self.linear1 = torch.nn.Linear(3, 4)
        self.activation = torch.nn.ReLU()
        self.linear2 = torch.nn.Linear(4, 2)
        self.softmax = torch.nn.Softmax()

    def forward(self, x):
        x = self.linear1(x)
        x = self.activation(x)
        x = self.linear2(x)
        x = self.softmax(x)
        return x


tinymodel = TinyModel()
with torch.no_grad():
    for p in tinymodel.parameters():
        p.fill_(0.05)

print('The model:')
print(tinymodel)

print('\n\nJust one layer:')
print(tinymodel.linear2)

print('\n\nModel params:')
for param in tinymodel.parameters():
    print(param)

print('\n\nLayer params:')
for param in tinymodel.linear2.parameters():
    print(param)
