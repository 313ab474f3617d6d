# Source: pytorch/tutorials issue #190, "pytorch_tutorial - wrong output at last code" (the tutorial code the issue quotes, with the fix from the thread; randn replaced by literals)
# URL: https://github.com/pytorch/tutorials/issues/190
import torch
import torch.autograd as autograd

x = torch.tensor([[0.5, -1.2], [0.3, 2.0]])
y = torch.tensor([[1.1, 0.4], [-0.7, 0.9]])
var_x = autograd.Variable(x, requires_grad=True)
var_y = autograd.Variable(y, requires_grad=True)
var_z = var_x + var_y
print(var_z.grad_fn)

var_z_data = var_z.data
new_var_z = autograd.Variable(var_z_data)
# ... does new_var_z have information to backprop to x and y?
# NO!
print(new_var_z.grad_fn)
