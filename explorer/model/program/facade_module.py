"""The module object a sandboxed program sees (``torch``, ``torch.nn``, ``torchvision.models``):
only the listed members, nothing else. Apart from ``facade`` so that the model zoo's facade
(``zoo.py``), which ``facade`` serves, can build one without an import cycle."""
from __future__ import annotations


class FacadeModule:
    """A module as the program sees it: only the listed members, nothing else."""
    __slots__ = ("name", "members")

    def __init__(self, name: str, members: dict):
        self.name = name
        self.members = members

    def __repr__(self) -> str:
        return f"<module '{self.name}'>"
