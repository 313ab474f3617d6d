"""The engine core's layout (issue #18): ``tensor.py`` defines the data structure and knows
nothing of ops; the op modules import it and install their methods, and ``engine/ops.py`` is
the one place that imports them all.  Dependencies point one way, read from the imports
(``tools/import_graph.py``, lazy ones inside functions included)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tools.import_graph import import_edges  # noqa: E402

#: the op layer, which installs methods on Tensor
OP_LAYER = {"engine.ops", "engine.dispatch", "engine.ops_fast", "engine.ops_inplace",
            "engine.ops_methods", "engine.ops_subscript", "engine.op_table", "engine.view_inplace"}
#: the data structure and what it is made of
DATA = ("engine.tensor", "engine.dtypes", "engine.versions")


@pytest.fixture(scope="module")
def edges():
    return import_edges()


@pytest.mark.parametrize("module", DATA)
def test_the_tensor_module_knows_nothing_of_ops(edges, module):
    assert not edges[module] & OP_LAYER, f"{module} imports {sorted(edges[module] & OP_LAYER)}"


@pytest.mark.parametrize("module", sorted(OP_LAYER - {"engine.ops", "engine.op_table",
                                                      "engine.view_inplace"}))
def test_op_modules_import_downwards_never_the_facade(edges, module):
    """dispatch is the bottom; the method modules build on it; only ops.py gathers them."""
    assert "engine.ops" not in edges[module]
    if module == "engine.dispatch":
        assert not edges[module] & (OP_LAYER - {"engine.op_table", "engine.view_inplace"})


# small rooms: the reference path is read in one sitting, nothing in the core passes ~600 lines
BUDGET = {"engine/dispatch.py": 330, "engine/tensor.py": 600, "engine/ops.py": 60,
          "engine/ops_fast.py": 300, "engine/ops_inplace.py": 600, "engine/ops_subscript.py": 600,
          "engine/ops_methods.py": 600, "engine/dtypes.py": 600, "engine/versions.py": 600}


@pytest.mark.parametrize("path,limit", BUDGET.items())
def test_core_files_stay_under_their_line_budget(path, limit):
    n = len((ROOT / path).read_text(encoding="utf-8").splitlines())
    assert n <= limit, f"{path}: {n} lines > {limit}"
