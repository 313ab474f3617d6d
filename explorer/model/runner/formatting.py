"""How the runner writes numbers: the app's one formatter (:mod:`explorer.model.numbers`,
torch's print rules), under the names the runner's modules have always used."""
from __future__ import annotations

from explorer.model.numbers import format_array
from explorer.model.numbers import format_number as _fmt_number

__all__ = ["format_array", "_fmt_number"]
