"""Run Autograd Explorer from a source checkout: ``python main.py [FILE]`` or
``python main.py run|code|export|export-lecture|check-lecture ...``.

The same as the installed ``autograd-explorer`` command; the entry point lives in the package
(:mod:`explorer.__main__`), so nothing named ``main`` is installed into site-packages.
"""
from __future__ import annotations

import sys

from explorer.__main__ import HEADLESS_COMMANDS, main

__all__ = ["HEADLESS_COMMANDS", "main"]

if __name__ == "__main__":
    sys.exit(main())
