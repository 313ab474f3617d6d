"""Chain-rule lines that the view can translate.

A :class:`Line` *is* its English text (a ``str``: exports, tests and the CLI read it as before)
and also carries the template and the values it was made from, so the view translates the
template and formats the values back in (names, numbers and formulas are never translated;
the model stays free of Qt). ``explorer.view.chain_rule.translate_line`` does the view's part.
"""
from __future__ import annotations

from typing import Any


def _make_line(template: str, args: dict[str, Any]) -> "Line":
    return Line(template, **args)


class Line(str):
    """``Line("{fn} runs for {node}", fn="MulBackward0", node="Q")`` == "MulBackward0 runs for Q"."""

    template: str
    args: dict[str, str]

    def __new__(cls, template: str, **args: Any) -> "Line":
        values = {k: str(v) for k, v in args.items()}
        line = super().__new__(cls, template.format(**values))
        line.template = template
        line.args = values
        return line

    def __reduce__(self):   # copies and pickles keep the template (str's would drop it)
        return (_make_line, (self.template, self.args))
