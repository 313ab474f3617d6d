"""The tutorial's seed example, verbatim: Q = 3a³ − b², external gradient of ones."""
import engine
from engine import tensor


def test_seed_prints_true(capsys):
    a = tensor([2., 3.], requires_grad=True)
    b = tensor([6., 4.], requires_grad=True)
    Q = 3 * a ** 3 - b ** 2
    assert repr(Q) == "tensor([-12.,  65.], grad_fn=<SubBackward0>)"
    Q.backward(gradient=tensor([1., 1.]))
    print(9 * a ** 2 == a.grad)
    print(-2 * b == b.grad)
    assert capsys.readouterr().out == "tensor([True, True])\ntensor([True, True])\n"
    assert repr(a.grad) == "tensor([36., 81.])"
    assert repr(b.grad) == "tensor([-12.,  -8.])"
    assert a.grad.dtype == engine.float32
