"""The window's constants: file filters, the view modes, themes and font sizes it offers, the
canvas keys its shortcut list shows. Shared by :mod:`explorer.view.main_window` and its
controllers (a module of its own so neither imports the other for them)."""
from __future__ import annotations

from pathlib import Path

APP_NAME = "Autograd Explorer"
EXAMPLES_DIR = Path(__file__).resolve().parents[3] / "resources" / "examples"
SEED_EXAMPLE = EXAMPLES_DIR / "seed.json"
DOCUMENT_FILTER = ("Autograd Explorer graphs (*.json);;Scripts (*.py *.ags *.txt);;"
                   "Images with a graph (*.png *.svg);;All files (*)")
SAVE_FILTER = "Autograd Explorer graph (*.json)"
AUTOSAVE_DELAY_MS = 1500
VIEW_MODES = ("forward", "backward", "side")
# the optimizer combo's data -> (optimizer, momentum)
OPTIMIZERS = {"sgd": ("sgd", 0.0), "momentum": ("sgd", 0.9), "adam": ("adam", 0.0)}
THEME_CHOICES = ("system", "light", "dark", "high-contrast")
FONT_SCALES = (0.75, 0.9, 1.0, 1.25, 1.5, 2.0)
CODE_COLUMNS = 42  # characters the code dock shows without scrolling at the default size

CANVAS_KEYS = (
    ("Tab / double-click", "Search and add a node at the cursor"),
    ("Drag port → port", "Connect (a refused drop says why)"),
    ("Drag a node", "Move (one undo step per drag)"),
    ("Drag on empty canvas", "Rubber-band selection"),
    ("Wheel", "Zoom at the cursor"),
    ("Middle-drag / Space+drag", "Pan"),
    ("F", "Fit the whole graph"),
    ("L", "Lay out the graph (left to right)"),
    ("Delete", "Delete the selection"),
    ("Double-click a leaf", "Edit its value in place"),
    ("Ctrl+Return (code editor)", "Apply the script"),
)


CANVAS_ACTIONS = ("copy", "paste", "duplicate", "delete", "select_all", "cut")

#: The Code dock prints a graph as a script up to this many numbers in its tensors.
SCRIPT_MAX_NUMBERS = 200_000
