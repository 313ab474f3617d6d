"""Hostile programs end in one clear line, bounded in time and memory, with nothing executed
behind the facade (side-effect canaries: a file that must not appear, a flag that must not flip)."""
from __future__ import annotations

import threading
import time
import tracemalloc

import pytest

from explorer.model.program import Budget, run_program

CANARY_FLIPPED = False  # a program that escaped could reach this module and set it


def _run(src: str, **budget):
    t0 = time.monotonic()
    r = run_program(src, Budget(seconds=budget.pop("seconds", 10), **budget))
    assert time.monotonic() - t0 < 15
    assert r.error is not None, r.output
    assert "\n" not in r.error and "Traceback" not in r.error
    return r


# Programs that would write `canary` (a path) or flip CANARY_FLIPPED if anything escaped.
ESCAPES = {
    "dunder chain": "x = ().__class__.__bases__[0].__subclasses__()\n",
    "getattr trick": "g = getattr(print, '__self__')\n",
    "getattr via a name": "f = getattr\nf(1, '__class__')\n",
    "str.format attribute": "s = '{0.__class__.__init__.__globals__}'.format(print)\n",
    "str.format index": "s = '{0[os]}'.format({'os': 1})\n",
    "f-string dunder": "x = 1\ns = f'{x.__class__.__base__}'\n",
    "decorator reaching globals": "def d(f):\n    return f.__globals__\n@d\ndef g():\n    pass\n",
    "lambda globals": "f = lambda: 0\nm = f.__globals__['sys']\n",
    "import os": "import os\nos.system('touch CANARY')\n",
    "from os import": "from os import system\nsystem('touch CANARY')\n",
    "import sys modules": "import sys\nsys.modules['tests.model.test_program_sandbox'].CANARY_FLIPPED = True\n",
    "__import__": "m = __import__('os')\n",
    "open for writing": "open('CANARY', 'w').write('x')\n",
    "eval": "eval(\"open('CANARY', 'w')\")\n",
    "exec": "exec(\"open('CANARY', 'w')\")\n",
    "numpy tofile": "import numpy as np\nnp.array([1.0]).tofile('CANARY')\n",
    "numpy module internals": "import numpy as np\nnp.lib.format.open_memmap('CANARY', mode='w+', shape=(1,))\n",
    "tensor internals": "import torch\nt = torch.ones(2)\nt._data.tofile('CANARY')\n",
    "module internals": "from torch import nn\nm = nn.Linear(2, 2)\nm._parameters.clear()\n",
    "torch module dict": "import torch\nd = torch.__dict__\n",
    "builtins": "b = __builtins__\n",
    "type() making a class": "t = type('A', (), {})\n",
    "type() then its class": "import torch\nc = type(torch.ones(1))._cls\n",
    "type() then mro": "import torch\nc = type(torch.ones(1)).mro()\n",
    "type() then call": "import torch\nc = type(torch.ones(1))(3)\n",
    "type() of int then mro": "c = type(1).mro()\n",
    "super escape": "class A:\n    def __init__(self):\n        self.c = super().__class__.__init__\nA()\n",
    "exception traceback": "try:\n    1 / 0\nexcept Exception as e:\n    f = e.__traceback__.tb_frame\n",
    "globals()": "g = globals()\n",
    "vars()": "v = vars()\n",
    "class with metaclass": "class M(type):\n    pass\n",
    "defining __getattr__": "class A:\n    def __getattr__(self, n):\n        return 1\n",
    "generator frames": "def g():\n    yield 1\nx = g().gi_frame\n",
}


@pytest.mark.parametrize("name", sorted(ESCAPES))
def test_escapes_are_refused_and_nothing_runs(name, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    canary = tmp_path / "CANARY"
    src = "print('started')\n" + ESCAPES[name].replace("CANARY", str(canary))
    r = _run(src)
    assert not canary.exists()
    assert not CANARY_FLIPPED
    assert r.error.startswith("line "), r.error
    # Found before running: not even the first print ran (except where only running shows it).
    if r.error_kind == "refused" and name not in ("super escape",):
        assert r.output in ("", "started\n")


def test_static_refusals_run_nothing(tmp_path):
    r = _run("print('started')\nx = ().__class__.__bases__\n")
    assert r.output == ""
    assert r.error == ("line 2: access to '__bases__' is not allowed here (programs cannot "
                       "reach Python's internals)")


def test_import_os_says_what_is_allowed():
    r = _run("import os\n")
    assert r.error == "line 1: import os: not allowed here; programs can import torch, numpy and math"


def test_open_says_files_are_off_limits():
    r = _run("x = 1\nopen('x', 'w')\n")
    assert r.error == "line 2: open() is not allowed here: programs cannot read or write files"


@pytest.mark.parametrize("src, words, line", [
    ("x = 0\nwhile True:\n    x += 1\n", "loop iterations", 2),  # the loop's own line
    ("for i in range(10**12):\n    pass\n", "loop iterations", 1),
    ("x = [i for i in range(10**12)]\n", "loop iterations", 1),
    ("x = list(range(10**12))\n", "loop iterations", 1),
    ("x = sum(range(10**12))\n", "loop iterations", 1),
    ("def f(n):\n    return f(n + 1)\nf(0)\n", "recursion depth", 2),
    ("x = 2 ** 10 ** 10\n", "too large", 1),
    ("x = 1 << 10 ** 10\n", "too large", 1),
    ("x = [0] * 10 ** 10\n", "items in one list", 1),
    ("x = 'a' * 10 ** 10\n", "items in one list", 1),
    ("s = f'{1:>1000000000}'\n", "format width", 1),
    ("s = '%1000000000d' % 1\n", "format width", 1),
    ("s = '{:>1000000000}'.format(1)\n", "format width", 1),
    ("import torch\nx = torch.zeros(100000, 100000)\n", "elements in one tensor", 2),
    ("import torch\na = torch.ones(100000, 1)\nb = torch.ones(1, 100000)\nc = a * b\n",
     "elements in one tensor", 4),
    ("import torch\nx = torch.randn(50000, 50000)\n", "elements in one tensor", 2),
    ("import numpy as np\nx = np.zeros((100000, 100000))\n", "elements in one tensor", 2),
    ("import torch\nx = torch.tensor(range(10**9))\n", "elements in one tensor", 2),
    ("f = 'a'.ljust\ns = f(10**10)\n", "width", 2),
    ("f = '{:>1000000000}'.format\ns = f(1)\n", "format width", 2),
    ("x = []\ne = x.extend\ne(range(10**12))\n", "loop iterations", 3),
    ("s = ''.join(map(str, range(10**12)))\n", "loop iterations", 1),
    ("x = all(range(1, 10**12))\n", "loop iterations", 1),
    ("x = 1.5 in range(10**12)\n", "loop iterations", 1),
    ("x = 5 in zip(range(10**12))\n", "loop iterations", 1),
    ("a = 2 ** 40000\nb = a * a * a\n", "too large", 2),
    ("import torch\na = torch.ones(100000, 1)\nb = torch.ones(1, 100000)\nc = torch.mm(a, b)\n",
     "elements in one tensor", 4),
    ("import torch\na = torch.ones(100000, 1)\nb = torch.ones(1, 100000)\nc = a.mm(b)\n",
     "elements in one tensor", 4),
    ("import numpy as np\nx = np.outer(np.ones(100000), np.ones(100000))\n",
     "elements in one tensor", 2),
])
def test_bombs_stop_with_their_own_budget_line(src, words, line):
    tracemalloc.start()
    try:
        r = _run(src, iterations=20_000)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert words in r.error
    assert r.error.startswith(f"line {line}: ")
    assert r.error_kind == "budget"
    assert peak < 300 * 1024 ** 2


def test_shared_engine_objects_cannot_be_changed():
    r = _run("import torch\ntorch.float32.name = 'float64'\n")
    assert r.error.startswith("line 2: ") and "cannot set attributes" in r.error
    import engine
    assert repr(engine.float32) == "torch.float32"


def test_statement_budget():
    r = _run("x = 0\nwhile x < 10**9:\n    x = x + 1\n", statements=5000, iterations=10**9)
    assert r.error.startswith("line ") and "more than 5,000 statements" in r.error


def test_wall_time_budget():
    t0 = time.monotonic()
    r = _run("while True:\n    x = 1\n", seconds=0.3, iterations=10**12, statements=10**12)
    assert "seconds of run time" in r.error and r.error.startswith("line ")
    assert time.monotonic() - t0 < 3


def test_recorded_ops_budget():
    r = _run("import torch\nx = torch.ones(2)\nfor i in range(1000):\n    x = x + 1\n", ops=100)
    assert "recorded tensors and ops" in r.error and r.error.startswith("line 4: ")


def test_live_tensor_memory_budget():
    src = ("import torch\nkeep = []\nfor i in range(100):\n    keep.append(torch.ones(1000, 1000))\n")
    r = _run(src, tensor_bytes=20 * 1024 ** 2)
    assert "bytes of live tensors" in r.error and r.error.startswith("line 4: ")


def test_a_run_is_cancellable():
    cancel = threading.Event()
    threading.Timer(0.2, cancel.set).start()
    t0 = time.monotonic()
    r = run_program("while True:\n    x = 1\n", Budget(iterations=10**12, statements=10**12),
                    cancel=cancel)
    assert r.error_kind == "cancelled" and r.error == "line 2: cancelled"
    assert time.monotonic() - t0 < 5


def test_budget_errors_cannot_be_caught_by_the_program():
    r = _run("try:\n    while True:\n        pass\nexcept:\n    print('caught')\n",
             iterations=1000)
    assert "loop iterations" in r.error and "caught" not in r.output


def test_the_program_can_still_catch_its_own_errors():
    r = run_program("try:\n    x = 1 / 0\nexcept ZeroDivisionError as e:\n    print('caught', e)\n")
    assert r.error is None and r.output == "caught division by zero\n"


def test_a_program_defining_its_own_input_function_is_fine():
    r = run_program("def input(x):\n    return x * 2\nprint(input(3))\n")
    assert r.error is None and r.output == "6\n"


def test_nothing_behind_the_facade_is_reachable_through_attributes():
    """Walk every attribute the policy allows, three levels deep from everything a program
    starts with (the facade modules, a tensor, a grad_fn, a module, an optimizer, a numpy
    array, a hook handle): no module, frame, code object or dangerous builtin shows up."""
    import types
    import warnings

    import engine
    from explorer.model.program.budget import Budget as B
    from explorer.model.program.facade import FacadeModule
    from explorer.model.program.run import Run

    run = Run(B())
    t = engine.tensor([1., 2.], requires_grad=True)
    y = (t * 2).sum()
    m = engine.nn.Linear(2, 2)
    roots = [*run.modules.values(), t, y, y.grad_fn, m, engine.optim.SGD(m.parameters(), lr=0.1),
             t.detach().numpy(), engine.float32, t.shape, t.register_hook(lambda g: g),
             *run.builtins.values()]
    bad_names = {"open", "eval", "exec", "compile", "__import__", "getattr", "setattr", "system",
                 "globals", "locals", "vars", "delattr", "input", "breakpoint", "popen"}
    seen, frontier, found = set(), [(r, "root") for r in roots], []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _ in range(3):
            nxt = []
            for obj, path in frontier:
                if id(obj) in seen:
                    continue
                seen.add(id(obj))
                if isinstance(obj, (types.ModuleType, types.FrameType, types.CodeType)) or (
                        callable(obj) and getattr(obj, "__name__", None) in bad_names):
                    found.append(path)
                names = list(obj.members) if isinstance(obj, FacadeModule) else dir(obj)
                for n in names:
                    if not isinstance(obj, FacadeModule) and not run.policy.allowed(obj, n):
                        continue
                    try:
                        nxt.append((run.policy.get(obj, n), f"{path}.{n}"))
                    except Exception:  # noqa: BLE001 - properties that raise are not reachable
                        continue
            frontier = nxt
    assert len(seen) > 500
    assert found == []


def test_type_prints_torchs_class_names_and_hands_out_no_class():
    """type(x) as tutorials print and compare it (d2l, the .item() lesson), and nothing more."""
    r = run_program("import torch\nfrom torch import nn\nnet = nn.Sequential(nn.Linear(2, 1))\n"
                    "print(type(net[0].bias), type(torch.ones(1)), type(torch.ones(1).item()))\n"
                    "print(type(torch.ones(1)) == torch.Tensor, type(2) == int, type(2) is int)\n")
    assert r.error is None, r.error
    assert r.output == ("<class 'torch.nn.parameter.Parameter'> <class 'torch.Tensor'> "
                        "<class 'float'>\nTrue True True\n")


def test_the_names_pane_never_runs_the_programs_methods_after_its_run():
    """Stepping shows the program's names; repr of a Module would call the program's own
    extra_repr outside the run's budgets (here an endless loop)."""
    from explorer.model.program.freeze import freeze_program

    src = ("import torch\nfrom torch import nn\nclass M(nn.Module):\n"
           "    def __init__(self):\n        super().__init__()\n        self.l = nn.Linear(1, 1)\n"
           "    def extra_repr(self):\n        while True:\n            pass\n"
           "m = M()\nms = [m, m]\nx = 1\n")
    t0 = time.monotonic()
    names = freeze_program(src, None, Budget(seconds=5), lenient=True).namespace
    assert time.monotonic() - t0 < 5
    assert names == {"m": "<M object>", "ms": "list of 2 items", "x": "1"}


def test_freezing_never_calls_a_programs_override_of_parameters():
    """Freezing the graph for a step lists a model's parameters; a program's own parameters()
    (here endless) must not run after its run ended."""
    from explorer.model.program.freeze import freeze_program

    src = ("import torch\nfrom torch import nn\nclass M(nn.Module):\n"
           "    def __init__(self):\n        super().__init__()\n        self.l = nn.Linear(1, 1)\n"
           "    def parameters(self):\n        return iter(range(10 ** 12))\n"
           "    def named_modules(self):\n        while True:\n            pass\n"
           "m = M()\n")
    t0 = time.monotonic()
    frozen = freeze_program(src, None, Budget(seconds=5), lenient=True)
    assert time.monotonic() - t0 < 5
    assert {n.name for n in frozen.document.nodes.values()} == {"m_l_weight", "m_l_bias"}


# ---- x.__class__ is served as type(x) (d2l's `layer.__class__.__name__`), and nothing more
CLASS_ESCAPES = {
    # the classic chains: found before anything runs, at the next dunder
    "tuple bases": ("x = ().__class__.__bases__[0].__subclasses__()\n", "__subclasses__"),
    "init globals": ("x = (1).__class__.__init__.__globals__\n", "__globals__"),
    "mro": ("x = [].__class__.__mro__\n", "__mro__"),
    # ...and at run time, one step at a time
    "plain init": ("c = (1).__class__\ni = c.__init__\n", "__init__"),
    "tensor init": ("import torch\nc = torch.ones(1).__class__\ni = c.__init__\n", "__init__"),
    "type(x).__class__ init": ("import torch\nc = type(torch.ones(1)).__class__\n"
                               "i = c.__init__\n", "__init__"),
    "program class init": ("class A:\n    pass\nc = A().__class__\ni = c.__init__\n",
                           "__init__"),
    "program class's class": ("class A:\n    pass\nc = A.__class__\ni = c.__init__\n",
                              "__init__"),
    "module subclass init": ("from torch import nn\nclass N(nn.Module):\n    pass\n"
                             "c = N().__class__\ni = c.__init__\n", "__init__"),
    "function's class": ("def f():\n    pass\nc = f.__class__\ni = c.__init__\n", "__init__"),
    "super's class": ("class A:\n    def __init__(self):\n"
                      "        self.c = super().__class__.__init__\nA()\n", "__init__"),
}


@pytest.mark.parametrize("name", sorted(CLASS_ESCAPES))
def test_class_attribute_reaches_no_internals(name):
    src, attr = CLASS_ESCAPES[name]
    r = _run(src)
    assert r.error_kind == "refused"
    assert r.error.endswith(f"access to '{attr}' is not allowed here (programs cannot reach "
                            "Python's internals)"), r.error


@pytest.mark.parametrize("src", [
    "import torch\nc = torch.ones(1).__class__._cls\n",          # the view's own slot
    "import torch\nc = torch.ones(1).__class__.mro()\n",
    "class A:\n    pass\nc = A().__class__.mro()\n",
    "import torch\nc = type(torch.ones(1)).__class__.mro()\n",
    "import torch\nc = torch.__class__.mro()\n",
])
def test_a_class_view_has_no_attributes(src):
    r = _run(src)
    assert r.error_kind == "refused"
    assert "attribute" in r.error and "is not available here" in r.error


@pytest.mark.parametrize("src", [
    "class A:\n    pass\nB = A.__class__('B', (), {})\n",             # type(name, bases, ns)
    "class A:\n    pass\nB = A().__class__.__class__('B', (A,), {})\n",
    "import torch\nt = torch.ones(1).__class__([1.0])\n",            # no class object to call
    "import torch\nt = type(torch.ones(1)).__class__('B', (), {})\n",
])
def test_a_class_view_cannot_make_classes_or_objects(src):
    r = _run(src)
    assert r.error_type == "TypeError" and "not callable" in r.error


@pytest.mark.parametrize("src", [
    "class A:\n    pass\na = A()\na.__class__ = int\n",
    "import torch\nt = torch.ones(1)\nt.__class__ = int\n",
    "from torch import nn\nm = nn.Linear(1, 1)\nm.__class__ = nn.ReLU\n",
    "class A:\n    __class__ = int\n",
])
def test_the_class_attribute_cannot_be_set(src):
    r = _run(src)
    assert r.error_kind == "refused" and "__class__" in r.error


def test_getattr_with_a_string_still_cannot_reach_the_class():
    for src in ("c = getattr(1, '__class__')\n", "g = getattr\nc = g(1, '__class__')\n",
                "s = '{0.__class__}'.format(1)\n"):
        r = _run(src)
        assert r.error_kind == "refused", src


def test_class_attribute_is_type_of_x():
    """What a program reads from ``x.__class__`` is what ``type(x)`` gives: torch's class
    names, plain types as themselves, and the names d2l prints in its layer summaries."""
    r = run_program(
        "import torch\nfrom torch import nn\nclass Net(nn.Module):\n    pass\n"
        "def f():\n    pass\n"
        "things = [torch.ones(1), nn.Linear(2, 1), nn.Linear(2, 1).weight, Net(), 1.5, 'a', f,\n"
        "          torch]\n"
        "for x in things:\n"
        "    print(x.__class__ == type(x), x.__class__, x.__class__.__name__)\n"
        "print(torch.ones(1).__class__ == torch.Tensor, (1).__class__ is int)\n"
        "print(type(torch.ones(1)).__class__, Net.__class__)\n", Budget(seconds=10))
    assert r.error is None, r.error
    assert r.output == (
        "True <class 'torch.Tensor'> Tensor\n"
        "True <class 'torch.nn.modules.linear.Linear'> Linear\n"
        "True <class 'torch.nn.parameter.Parameter'> Parameter\n"
        "True <class '__main__.Net'> Net\n"
        "True <class 'float'> float\n"
        "True <class 'str'> str\n"
        "True <class 'function'> function\n"
        "True <class 'module'> module\n"
        "True True\n"
        "<class 'type'> <class 'type'>\n")
