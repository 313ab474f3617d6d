# Source: youcanjustbuild.com, "From Tensors to Residual Learning: playing with grads" (course blog)
# URL: https://youcanjustbuild.com/courses/from-tensors-to-residual-learning/playing_with_grads
import torch

# derivative evalauted at x = 3.0
def f(x):
    return 3 * x ** 2

def derivative(f, a, h = 0.001):
    return (f(a + h) - f(a)) / h

x = torch.tensor(3.0, requires_grad = True)
y = f(x)
y.backward()

basic_derivative = derivative(f, 3)
torch_derivative = x.grad

print(f"naive diff : {basic_derivative:.1f}")
# naive diff : 18.0
print(f"torch diff : {torch_derivative}")
# torch diff : 18.0
