"""Autograd Explorer: the application (model layer without Qt, view layer with Qt)."""

#: The one place the version is written (pyproject.toml reads it; ``--version`` prints it).
__version__ = "0.1.0"
