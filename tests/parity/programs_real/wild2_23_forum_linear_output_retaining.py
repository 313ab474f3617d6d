# Source: PyTorch Forums, "Trying to understand why output of nn.Linear (for output layer) isn't retaining" (question's model, GPU lines kept; called once on literal inputs with filled weights)
# URL: https://discuss.pytorch.org/t/trying-to-understand-why-output-of-nn-linear-for-output-layer-isnt-retaining/40116
import torch
import torch.nn as nn

if torch.cuda.is_available():
    device = torch.device('cuda')
else:
    device = torch.device('cpu')
type = torch.float
args = {'device': device, 'dtype': type}

class SingleRNN(nn.Module):
    def __init__(self, n_inputs, n_outputsize):
        super(SingleRNN, self).__init__()

        numHU = 2
        bias = False

        self.Wxh = nn.Linear(
            in_features=n_inputs, out_features=numHU , bias=bias)

        self.Whh = nn.Linear(
            in_features=numHU + self.Wxh.out_features, out_features=numHU , bias=bias)

        self.Why = nn.Linear(
            in_features=numHU , out_features=n_outputsize, bias=bias)

    def forward(self, X0, H0):
        self.L0_X= self.Wxh(X0)
        self.L1_H = self.Whh(torch.cat((self.L0_X, H0), dim=1))
        self.L2_Y = self.Why(self.L1_H)
        return self.L2_Y

model = SingleRNN(3, 1)
with torch.no_grad():
    for p in model.parameters():
        p.fill_(0.1)
X0 = torch.tensor([[1.0, 2.0, 3.0]], **args)
H0 = torch.tensor([[0.5, -0.5]], **args)
out = model(X0, H0)
out.sum().backward()
print(model.L2_Y.grad)
print(model.Why.weight.grad)
