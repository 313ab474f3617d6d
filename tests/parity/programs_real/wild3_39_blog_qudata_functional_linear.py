# Source: qudata.com, "ML: Нейронные сети в Torch - Справочник" (first snippet, F.linear; print added)
# URL: https://qudata.com/ml/ru/NN_Base_Torch_NN_Ref.html
import torch
import torch.nn.functional as F

N, nX, nY = 1, 2, 3  # число примеров, входов, выходов
X = torch.ones(N, nX)  # матрица примеров
W = torch.ones(nY, nX)  # матрица весов
B = torch.ones(nY)  # вектор смещений
Y = F.linear(X, W, B)  # [[3., 3., 3.]]
print(Y)
Y = X.mm(W.t())+B  # тоже самое
print(Y)
Y = torch.addmm(B, X, W.t())  # тоже самое
print(Y)
