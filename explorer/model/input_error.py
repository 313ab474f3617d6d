"""The one exception a command raises for bad input (a missing file, a bad option), and how its
text is kept to one line. Dependency-free, so the command line can build its parser and report
errors without loading numpy or networkx."""
from __future__ import annotations


class InputError(Exception):
    """A user-facing failure of a command (bad file, bad option): printed as one line, exit code 2."""


def one_line(text: object) -> str:
    """``text`` with every run of whitespace (newlines too) turned into one space."""
    return " ".join(str(text).split())
