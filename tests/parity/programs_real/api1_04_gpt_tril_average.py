# Source: Andrej Karpathy, "Let's build GPT" (gpt-dev notebook), the trick in self-attention
# URL: https://github.com/karpathy/ng-video-lecture
# (a lower-triangular matrix averages the past; gpt-dev.ipynb)
# (torch.randint(0, 10, (3, 2)).float() replaced by a literal)
import torch

torch.manual_seed(42)
a = torch.tril(torch.ones(3, 3))
a = a / torch.sum(a, 1, keepdim=True)
b = torch.tensor([[2., 7.], [6., 4.], [6., 5.]])
c = a @ b
print('a=')
print(a)
print('--')
print('b=')
print(b)
print('--')
print('c=')
print(c)

T = 4
x = torch.tensor([[1., 2.], [3., 4.], [5., 6.], [7., 8.]], requires_grad=True)
wei = torch.tril(torch.ones(T, T))
wei = wei / wei.sum(1, keepdim=True)
xbow = wei @ x
print(xbow)
xbow.sum().backward()
print(x.grad)
