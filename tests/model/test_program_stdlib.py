"""The standard-library facades (gc, time, random, copy, collections, ...): what tutorials call
works and prints as Python prints it; nothing behind them is reachable, and a bomb through them
stops with a budget line."""
from __future__ import annotations

import time

import pytest

from explorer.model.program import Budget, run_program

WORKS = """
import gc, time, copy, random
from collections import OrderedDict, defaultdict, namedtuple, Counter
import torch
print(gc.collect())
t0 = time.time(); time.sleep(100); print(time.time() - t0 < 5)
m = torch.nn.Linear(2, 1)
best = copy.deepcopy(m.state_dict())
with torch.no_grad():
    m.weight.add_(1.0)
print(torch.equal(best['weight'] + 1, m.weight.detach()), type(best['weight']))
od = OrderedDict(a=1, b=2); od.move_to_end('a'); print(od)
dd = defaultdict(list); dd['x'].append(1); print(dict(dd))
P = namedtuple('P', 'x y'); p = P(1, y=2); print(p, p.x, p._asdict())
print(Counter('abca').most_common(1))
random.seed(0); print(0 <= random.random() < 1)
"""


def test_tutorial_lines_run_and_print_as_python():
    r = run_program(WORKS, Budget(seconds=10))
    assert r.error is None, r.error
    assert r.output.splitlines()[:1] == ["0"]
    assert "True <class 'torch.Tensor'>" in r.output
    assert "OrderedDict([('b', 2), ('a', 1)])" in r.output
    assert "{'x': [1]}" in r.output and "P(x=1, y=2) 1 {'x': 1, 'y': 2}" in r.output
    assert "[('a', 2)]" in r.output


@pytest.mark.parametrize("src", [
    "import random\nx = random._inst\n",
    "import copy\nx = copy.sys\n",
    "import time\nx = time.__dict__\n",
    "import gc\nx = gc.get_objects()\n",
    "import random\nx = random.seed.__globals__\n",
    "from collections import namedtuple\nP = namedtuple('P', 'x')\nx = P.__class__.mro()\n",
    "from collections import namedtuple\nP = namedtuple('P', ['x', 'y=__import__(\"os\")'])\n",
    "import functools\nx = functools.partial(print, 1).func\n",
    "import copy\ndef f():\n    return 1\ng = copy.deepcopy(f)\n",
])
def test_nothing_behind_the_facades_is_reachable(src):
    r = run_program(src, Budget(seconds=5))
    assert r.error is not None and "\n" not in r.error


def test_collection_bombs_stop_with_a_budget_line():
    t0 = time.monotonic()
    r = run_program("from collections import Counter, deque\nimport itertools\n"
                    "c = deque(itertools.repeat(0, 10**10))\n", Budget(seconds=5))
    assert time.monotonic() - t0 < 15
    assert r.error is not None and "\n" not in r.error
