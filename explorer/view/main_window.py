"""The main window: canvas in the middle, palette / inspector / code / messages docks around it.

The window owns the document, the undo stack and the runner. It never edits the document
itself: every change goes through ``undo_stack.push_command`` (the canvas does the same), and
the window mirrors document events to keep the title, the inspector, the script and the
autosave up to date and, when auto-run is on, to recompute forward and backward.

Data safety: the title shows ``*`` while the document differs from its file; New, Open and
Close ask Save/Discard/Cancel; unsaved changes are autosaved to a recovery file (never the
user's file) that a save or an explicit discard removes.
"""
from __future__ import annotations

import logging
import os
import time
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QByteArray, QEvent, QObject, QPointF, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox,
                               QDockWidget, QDoubleSpinBox, QFileDialog, QFrame, QHeaderView,
                               QInputDialog, QLabel, QLineEdit, QMainWindow, QMenu, QMessageBox,
                               QSplitter, QTableWidget, QTableWidgetItem, QToolBar, QVBoxLayout,
                               QWidget)

from explorer.view import settings as prefs
from explorer.view.i18n import tr, tr_message
from explorer.view.panels.code_editor import CodeEditorPanel
from explorer.view.panels.inspector import InspectorPanel
from explorer.view.panels.literals import LiteralError, literal_text, parse_array
from explorer.view.panels.messages import MessagesPanel
from explorer.view.panels.palette import PalettePanel, decode_mime
from explorer.view.panels.program_panel import (ProgramPanel, StepGraphCommand, error_text, is_program,
                                                window_budget)
from explorer.view.recovery import RecoveryCopy, RecoveryDialog, RecoveryStore, make_store
from explorer.view.undo import ReplaceDocumentCommand, UndoStack

if TYPE_CHECKING:
    from explorer.model.document import Document

# numpy, networkx, the engine and the model layer are imported in the functions that need them:
# the window's frame is painted before they are loaded (see MainWindow.attach_model).

log = logging.getLogger(__name__)

APP_NAME = "Autograd Explorer"
EXAMPLES_DIR = Path(__file__).resolve().parents[2] / "resources" / "examples"
SEED_EXAMPLE = EXAMPLES_DIR / "seed.json"
DOCUMENT_FILTER = ("Autograd Explorer graphs (*.json);;Scripts (*.py *.ags *.txt);;"
                   "Images with a graph (*.png *.svg);;All files (*)")
SAVE_FILTER = "Autograd Explorer graph (*.json)"
AUTOSAVE_DELAY_MS = 1500
VIEW_MODES = ("forward", "backward", "side")
OPTIMIZERS = {"sgd": ("sgd", 0.0), "momentum": ("sgd", 0.9), "adam": ("adam", 0.0)}  # combo data -> (optimizer, momentum)
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


def example_files() -> list[Path]:
    """Bundled examples, the seed tutorial first."""
    if not EXAMPLES_DIR.is_dir():
        return []
    files = sorted(EXAMPLES_DIR.glob("*.json"), key=lambda p: (p.stem != "seed", p.stem))
    return files


def example_title(path: Path) -> str:
    names = {"seed": "Seed tutorial: Q = 3a³ − b²",
             "neuron": "Single neuron: tanh(w·x + b)",
             "mlp": "Two-layer MLP with MSE loss",
             "transfer_learning": "Transfer learning: frozen backbone, new head"}
    return names.get(path.stem, path.stem.replace("_", " ").replace("-", " ").capitalize())


class _DropFilter(QObject):
    """Accepts palette drags on the canvas viewport and turns a drop into an add-node."""

    def __init__(self, window: "MainWindow") -> None:
        super().__init__(window)
        self.window = window

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt override
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            if decode_mime(event.mimeData()) is not None:
                event.setDropAction(Qt.DropAction.CopyAction)
                event.accept()
                return True
        elif kind == QEvent.Type.Drop:
            payload = decode_mime(event.mimeData())
            if payload is not None:
                view = self.window.view
                scene_pos = view.mapToScene(event.position().toPoint())
                self.window.add_node(payload[0], payload[1], (scene_pos.x(), scene_pos.y()))
                event.setDropAction(Qt.DropAction.CopyAction)
                event.accept()
                return True
        return False


class _ResplitOnResize(QObject):
    """Side by side, the split follows the splitter's size (the window opening, a dock closed)
    until the user drags the handle; QSplitter alone would keep the proportions it had when it
    was first laid out, before the window knew its size."""

    def __init__(self, window: "MainWindow") -> None:
        super().__init__(window)
        self.window = window
        window.splitter.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Resize:
            self.window._resplit(force=True)
        return False


class _EnableWhenFilled(QObject):
    """Keeps a submenu disabled while it has no entries (Export until the export panel fills it)."""

    def __init__(self, menu: QMenu) -> None:
        super().__init__(menu)
        self.menu = menu
        # A child timer, not QTimer.singleShot(0, ...): it dies with the menu, so a pending update
        # never reaches a deleted menu (seen when a window closed right after being built).
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._update)
        menu.installEventFilter(self)
        self._update()

    def _update(self) -> None:
        self.menu.menuAction().setEnabled(any(not a.isSeparator() for a in self.menu.actions()))

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt override
        if event.type() in (QEvent.Type.ActionAdded, QEvent.Type.ActionRemoved):
            self._timer.start()
        return False


CANVAS_ACTIONS = ("copy", "paste", "duplicate", "delete", "select_all", "cut")


class _CanvasPlaceholder(QWidget):
    """The canvas's background, painted until the real canvas exists (see attach_model)."""

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt override
        from PySide6.QtGui import QColor, QPainter

        from explorer.view import theme

        t = theme.current()
        painter = QPainter(self)
        painter.fillRect(event.rect(), QColor(t.background))
        painter.setPen(QColor(t.text_muted))
        painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "Loading…")
        painter.end()


#: The Code dock prints a graph as a script up to this many numbers in its tensors.
SCRIPT_MAX_NUMBERS = 200_000


class MainWindow(QMainWindow):
    """The explorer window. Public attributes (used by other panels and tests): ``document``,
    ``undo_stack``, ``runner``, ``scene``, ``view``, ``backward_view``, ``op_palette``,
    ``inspector``, ``code_editor``, ``messages``, ``actions``, ``menus``, ``export_menu``."""

    results_changed = Signal(object)  # the RunResult shown (or None)
    document_replaced = Signal()      # New / Open / recovery restored

    def __init__(self, settings=None, recovery: RecoveryStore | None = None, parent=None,
                 deferred: bool = False) -> None:
        """Build the window. With ``deferred`` only its frame is built (menus, toolbar, docks,
        an empty canvas) without importing numpy, networkx, the engine or the model layer, so
        it can be painted at once; :meth:`attach_model` (the launcher calls it right after the
        first paint) then adds the document, the runner and the canvases."""
        super().__init__(parent)
        self.settings = settings if settings is not None else prefs.make_settings()
        # This window session's own recovery copy: no other session ever writes it (issue 12).
        self.recovery = recovery if recovery is not None else make_store()
        self.recovery_dialog: RecoveryDialog | None = None
        self.file_path: str | None = None
        self.display_name = "untitled"
        self.last_result = None
        self.ready = False  # True once attach_model() ran
        self._selection: list[str] = []
        self._syncing_selection = False
        self._script_synced = True
        self._closing = False
        self._reported: set[tuple[str, str]] = set()     # run errors already in the messages dock
        self._last_backward_error: str | None = None
        self._trainer = None                               # keeps optimizer state across Train steps
        self._trainer_key: tuple | None = None

        self.document = None
        self.runner = None
        self.scene = None
        self.view = None
        self.backward_view = None
        self.undo_stack = UndoStack(None, self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("canvasSplitter")
        self.splitter.setChildrenCollapsible(False)
        self._split_by_hand = False  # the user dragged the handle: keep their split
        self._split_for = None       # the DAG size the automatic split was chosen for
        self.splitter.splitterMoved.connect(lambda *_a: setattr(self, "_split_by_hand", True))
        _ResplitOnResize(self)
        self.canvas_placeholder = _CanvasPlaceholder(self.splitter)
        self.splitter.addWidget(self.canvas_placeholder)
        self.setCentralWidget(self.splitter)

        self.actions: dict[str, QAction] = {}
        self.menus: dict[str, QMenu] = {}
        self._build_docks()
        self._build_actions()
        self._build_menus()
        self._build_toolbars()
        self.status_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.status_label)

        # timers: coalesce bursts of document events into one run / one autosave / one script print
        self._run_timer = self._single_shot(0, self._auto_run)
        self._autosave_timer = self._single_shot(AUTOSAVE_DELAY_MS, self.autosave_now)
        self._script_timer = self._single_shot(250, self._refresh_script_if_synced)
        self._ui_timer = self._single_shot(0, self._refresh_ui)

        # Bound methods, not lambdas: Qt drops these connections when the window goes away.
        self.undo_stack.cleanChanged.connect(self._update_title)
        self.undo_stack.cleanChanged.connect(self._clean_changed)
        self.undo_stack.indexChanged.connect(self._update_title)
        self.undo_stack.refused.connect(self._refused)
        self.undo_stack.trimmed.connect(self._undo_trimmed)
        self._said_trimmed = False

        from PySide6.QtGui import QIcon

        from explorer.view.desktop import icon_path

        self.setWindowIcon(QIcon(str(icon_path())))  # title bar, taskbar, about box
        self._load_preferences()
        hints = QGuiApplication.styleHints()
        if hasattr(hints, "colorSchemeChanged"):
            hints.colorSchemeChanged.connect(self._system_scheme_changed)
        self._update_title()
        if not deferred:
            self.attach_model()

    def attach_model(self) -> None:
        """Create the document, the runner and the canvases (imports numpy, networkx, the
        engine) and put the canvases where the placeholder was. Idempotent."""
        if self.ready:
            return
        from explorer.model.document import Document
        from explorer.model.runner import Runner
        from explorer.view.canvas import BackwardGraphView, GraphScene, GraphView

        self.document = Document()
        self.undo_stack.document = self.document
        self.runner = Runner(self.document)
        self.scene = GraphScene(self.document, self.undo_stack, self)
        self.view = GraphView(self.scene)
        self.view.setObjectName("forwardView")
        self.backward_view = BackwardGraphView(self.document)
        self.backward_view.setObjectName("backwardView")
        for v in (self.view, self.backward_view):
            # A node editor pans by dragging; scroll bars only take room from the graph.
            v.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            v.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            v.setFrameShape(QFrame.Shape.NoFrame)
        self.splitter.replaceWidget(0, self.view)
        self.splitter.addWidget(self.backward_view)
        self.canvas_placeholder.hide()
        self.canvas_placeholder.deleteLater()
        self.canvas_placeholder = None
        self._drop_filter = _DropFilter(self)
        self.view.viewport().installEventFilter(self._drop_filter)
        self.view.setAcceptDrops(True)
        self.view.viewport().setAcceptDrops(True)
        for key in CANVAS_ACTIONS:
            # Canvas edits: the shortcut works while the canvas has focus, so Delete or Ctrl+A
            # in a table or text field never deletes/selects nodes behind the user's back.
            self.actions[key].setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.view.addAction(self.actions[key])

        self.document.subscribe(self._on_document_event)
        self.scene.message.connect(self._refused)
        self.scene.selection_ids_changed.connect(self._forward_selection_changed)
        if hasattr(self.backward_view, "selection_ids_changed"):
            self.backward_view.selection_ids_changed.connect(self._backward_selection_changed)
        if hasattr(self.scene, "node_activated"):
            self.scene.node_activated.connect(self._node_activated)
        self.scene.selection_ids_changed.connect(self._program_nodes_selected)
        self.op_palette.populate()
        # The canvas has the keyboard at start (F, L, Tab, clicker keys), not the palette filter
        # that was the first focusable widget of the frame.
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        self.ready = True
        self.set_view_mode(self.view_mode, save=False)
        self._repaint_canvases()
        self._update_title()
        self._refresh_ui()
        if getattr(self, "_shown_once", False):
            QTimer.singleShot(0, self._fit_views_readable)

    # ================================================================== construction
    def _single_shot(self, ms: int, slot: Callable[[], None]) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(ms)
        timer.timeout.connect(slot)
        return timer

    def add_dock(self, key: str, title: str, widget: QWidget,
                 area: Qt.DockWidgetArea = Qt.DockWidgetArea.RightDockWidgetArea) -> QDockWidget:
        """Add a dock (other panels use this too); it gets a toggle in View ▸ Panels."""
        dock = QDockWidget(tr(title), self)  # tabs of tabified docks keep the first title
        dock.setObjectName(f"{key}Dock")
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.addDockWidget(area, dock)
        self.docks[key] = dock
        if "panels" in self.menus:
            self.menus["panels"].addAction(dock.toggleViewAction())
        return dock

    def _build_docks(self) -> None:
        self.docks: dict[str, QDockWidget] = {}
        self.setDockNestingEnabled(True)
        self.op_palette = PalettePanel(self, populate=False)  # filled by attach_model (needs the op table)
        # (named op_palette, not "palette": that is QWidget.palette())
        self.inspector = InspectorPanel(self)
        self.code_editor = CodeEditorPanel(self)
        self.messages = MessagesPanel(self)
        self.program_panel = ProgramPanel(self)
        self.add_dock("palette", "Ops", self.op_palette, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.add_dock("code", "Code", self.code_editor, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.add_dock("inspector", "Inspector", self.inspector, Qt.DockWidgetArea.RightDockWidgetArea)
        self.add_dock("messages", "Messages", self.messages, Qt.DockWidgetArea.BottomDockWidgetArea)
        self.add_dock("output", "Output", self.program_panel, Qt.DockWidgetArea.BottomDockWidgetArea)
        self.tabifyDockWidget(self.docks["messages"], self.docks["output"])
        self.docks["messages"].raise_()   # Output comes forward when a program runs
        self.program_panel.started.connect(lambda: self.code_editor.apply_button.setEnabled(False))
        self.program_panel.finished.connect(self._program_finished)
        self.program_panel.step_changed.connect(lambda step: self._when_ready(lambda: self._program_step(step)))
        self.program_panel.edit_requested.connect(lambda: self._when_ready(self._program_edit))
        self.code_editor.editor.installEventFilter(self.program_panel.keys)  # F10/F11 step here
        self.code_editor.editor.textChanged.connect(self._program_text_changed)
        self.code_editor.editor.cursorPositionChanged.connect(self._program_line_clicked)
        self._program_frozen = None  # the graph shown for the current step (freeze.Frozen)
        from explorer.view.program_backward import ProgramBackward
        self.program_backward = ProgramBackward(self, self.program_panel)  # F11 into backward
        self._run_after_program = False
        self.splitDockWidget(self.docks["palette"], self.docks["code"], Qt.Orientation.Vertical)

        self.op_palette.add_requested.connect(lambda kind, op: self.ready and self.add_node(kind, op, None))
        self.inspector.rename_requested.connect(self._rename_node)
        self.inspector.value_requested.connect(self._set_value)
        self.inspector.param_requested.connect(self._set_param)
        self.inspector.requires_grad_requested.connect(self._set_requires_grad)
        self.inspector.root_requested.connect(self._set_root)
        self.inspector.message.connect(self.messages.add)
        self.code_editor.apply_requested.connect(lambda source: self._when_ready(lambda: self.apply_script(source)))
        self.code_editor.refresh_requested.connect(lambda: self._when_ready(self.refresh_script))
        self.code_editor.copy_torch_requested.connect(lambda: self._when_ready(self.copy_torch_script))
        self.code_editor.editor.textChanged.connect(self._script_edited)

    def _action(self, key: str, text: str, slot: Callable | None = None, shortcut=None,
                tip: str = "", checkable: bool = False) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            if isinstance(shortcut, (list, tuple)):
                action.setShortcuts(unique_keys(shortcut))
            else:
                action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setToolTip(tip)
            action.setStatusTip(tip)
        action.setCheckable(checkable)
        if slot is not None:
            action.triggered.connect(lambda checked=False, s=slot, c=checkable: self._when_ready(s, checked, c))
        self.actions[key] = action
        return action

    def _when_ready(self, slot: Callable, checked: bool = False, checkable: bool = False) -> None:
        """Run an action's slot; before the model is attached (the first moments after launch)
        only the actions that need no document run, the others say it is still loading."""
        if not self.ready and slot not in (self.close, self.show_shortcuts, self.show_about):
            if checkable:
                return  # a toggle (auto-run, view mode) is applied when the model arrives
            self.statusBar().showMessage(tr("Still loading…"), 2000)
            return
        slot(checked) if checkable else slot()

    def _build_actions(self) -> None:
        K = QKeySequence.StandardKey
        a = self._action
        a("new", "&New", self.new_document, K.New, "Start an empty graph")
        a("open", "&Open…", self.open_dialog, K.Open, "Open a graph (.json) or a script")
        a("save", "&Save", self.save, K.Save, "Save the graph")
        a("save_as", "Save &As…", self.save_as, K.SaveAs, "Save the graph under a new name")
        a("recover", "Recover Unsaved &Work…", self.offer_recovery, None,
          "List the unsaved work other sessions left behind: restore, discard or keep each copy")
        a("export_graphml", "&GraphML (yEd, Gephi)…", self.export_graphml, None,
          "Export the graph as GraphML for graph tools such as yEd and Gephi")
        # Windows (and Qt's offscreen platform) bind no key to the standard Quit: Ctrl+Q there too
        a("quit", "&Quit", self.close, K.Quit if QKeySequence.keyBindings(K.Quit) else "Ctrl+Q")
        self.actions["quit"].setMenuRole(QAction.MenuRole.QuitRole)

        undo = self.undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcut(K.Undo)
        redo = self.undo_stack.createRedoAction(self, "&Redo")
        # Ctrl+Y and Ctrl+Shift+Z redo everywhere, the platform's own key first. Linux's standard
        # Redo *is* Ctrl+Shift+Z: listed twice, Qt found the key ambiguous and neither key redid.
        redo.setShortcuts(unique_keys([QKeySequence(K.Redo), "Ctrl+Y", "Ctrl+Shift+Z"]))
        self.actions["undo"], self.actions["redo"] = undo, redo
        a("cut", "Cu&t", self.cut, K.Cut)
        a("copy", "&Copy", lambda: self.view.copy_selection(), K.Copy)
        a("paste", "&Paste", lambda: self.view.paste(), K.Paste)
        a("duplicate", "&Duplicate", lambda: self.view.duplicate_selection(), "Ctrl+D")
        a("delete", "&Delete", lambda: self.view.delete_selection(), K.Delete)
        a("select_all", "Select &All", lambda: self.view.select_all(), K.SelectAll)
        a("group", "&Group…", self.group_selection, "Ctrl+G", "Frame the selected nodes as a named group")
        a("set_root", "Use as Backward &Root", self.set_root_from_selection, "Ctrl+R",
          "Backward starts at the selected node")

        a("forward", "Forward", self.run_forward, "Ctrl+F5", "Compute every node's value")
        a("backward", "Backward", self.run_backward, "F5", "Run backward from the root: fill .grad on the leaves")
        a("zero_grad", "Zero grad", self.zero_grad, None, "Set every .grad back to None")
        a("train_step", "Train step", self.train_step, "F6",
          "One optimizer step on the leaves that require grad: optimizer.zero_grad(), loss.backward(), optimizer.step()")
        a("auto_run", "Auto-run", self.set_auto_run, None, "Recompute forward and backward on every edit", checkable=True)
        a("layout", "Layout", lambda: self.view.layout_graph(False), None, "Lay out the graph left to right (L)")
        a("fit", "Fit", lambda: self.view.fit_all(), None, "Fit the whole graph in view (F)")

        a("zoom_in", "Zoom &In", lambda: self.view.zoom_in(), K.ZoomIn)
        a("zoom_out", "Zoom &Out", lambda: self.view.zoom_out(), K.ZoomOut)
        self.view_mode_group = QActionGroup(self)
        for mode, text, key in (("forward", "&Forward Graph", "Ctrl+1"),
                                ("backward", "&Backward Graph (autograd DAG)", "Ctrl+2"),
                                ("side", "&Side by Side", "Ctrl+3")):
            act = a(f"view_{mode}", text, None, key, checkable=True)
            act.triggered.connect(lambda _c=False, m=mode: self.set_view_mode(m))
            self.view_mode_group.addAction(act)
        self.theme_group = QActionGroup(self)
        for name in THEME_CHOICES:
            label = {"system": "Follow &System", "light": "&Light", "dark": "&Dark",
                     "high-contrast": "&High Contrast"}[name]
            act = a(f"theme_{name}", label, None, None, checkable=True)
            act.triggered.connect(lambda _c=False, n=name: self.set_theme(n))
            self.theme_group.addAction(act)
        self.font_group = QActionGroup(self)
        for scale in FONT_SCALES:
            act = a(f"font_{int(scale * 100)}", f"{int(scale * 100)} %", None, None, checkable=True)
            act.triggered.connect(lambda _c=False, s=scale: self.set_font_scale(s))
            self.font_group.addAction(act)
        a("getting_started", "&Getting Started", self.start_tour, None,
          "A short tour on the tutorial's graph: build, run, freeze, step")
        a("shortcuts", "&Keyboard Shortcuts", self.show_shortcuts, K.HelpContents)
        a("about", "&About Autograd Explorer", self.show_about)
        self.actions["about"].setMenuRole(QAction.MenuRole.AboutRole)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        m = self.menus
        m["file"] = bar.addMenu("&File")
        m["file"].addAction(self.actions["new"])
        m["file"].addAction(self.actions["open"])
        m["examples"] = m["file"].addMenu("Open &Example")
        for path in example_files():
            act = m["examples"].addAction(example_title(path))
            act.setData(str(path))
            act.triggered.connect(lambda _c=False, p=path: self.open_example(p))
        m["examples"].setEnabled(bool(m["examples"].actions()))
        m["recent"] = m["file"].addMenu("Open &Recent")
        m["recent"].aboutToShow.connect(self._fill_recent_menu)
        m["file"].addSeparator()
        m["file"].addAction(self.actions["save"])
        m["file"].addAction(self.actions["save_as"])
        m["file"].addAction(self.actions["recover"])
        m["file"].addSeparator()
        # Filled by explorer.view.export_dialog (an extension installed after the first paint,
        # see explorer.view.app.EXTENSIONS); disabled while empty.
        self.export_menu = m["export"] = m["file"].addMenu("&Export")
        self._export_watch = _EnableWhenFilled(self.export_menu)
        # GraphML is the window's own entry; the image entries that export_dialog adds later
        # come first, so it is moved to the end (under a separator) each time the menu opens.
        self._graphml_separator = QAction(self)
        self._graphml_separator.setSeparator(True)
        self.export_menu.addAction(self._graphml_separator)
        self.export_menu.addAction(self.actions["export_graphml"])
        self.export_menu.aboutToShow.connect(self._keep_graphml_last)
        m["file"].addSeparator()
        m["file"].addAction(self.actions["quit"])

        m["edit"] = bar.addMenu("&Edit")
        for key in ("undo", "redo", None, "cut", "copy", "paste", "duplicate", "delete", None,
                    "select_all", "group", "set_root"):
            m["edit"].addSeparator() if key is None else m["edit"].addAction(self.actions[key])

        m["run"] = bar.addMenu("&Run")
        for key in ("forward", "backward", "zero_grad", "train_step", None, "auto_run"):
            m["run"].addSeparator() if key is None else m["run"].addAction(self.actions[key])

        m["view"] = bar.addMenu("&View")
        for key in ("view_forward", "view_backward", "view_side"):
            m["view"].addAction(self.actions[key])
        m["view"].addSeparator()
        m["view"].addAction(self.actions["zoom_in"])
        m["view"].addAction(self.actions["zoom_out"])
        fit_menu = QAction("&Fit All\tF", self)
        fit_menu.triggered.connect(lambda: self._when_ready(lambda: self.view.fit_all()))
        layout_menu = QAction("&Lay Out Graph\tL", self)
        layout_menu.triggered.connect(lambda: self._when_ready(lambda: self.view.layout_graph(False)))
        self.actions["fit_menu"], self.actions["layout_menu"] = fit_menu, layout_menu
        m["view"].addAction(fit_menu)
        m["view"].addAction(layout_menu)
        m["view"].addSeparator()
        m["theme"] = m["view"].addMenu("&Theme")
        for name in THEME_CHOICES:
            m["theme"].addAction(self.actions[f"theme_{name}"])
        m["font"] = m["view"].addMenu("Font &Size")
        for scale in FONT_SCALES:
            m["font"].addAction(self.actions[f"font_{int(scale * 100)}"])
        m["view"].addSeparator()
        m["panels"] = m["view"].addMenu("&Panels")
        for dock in self.docks.values():
            m["panels"].addAction(dock.toggleViewAction())

        m["help"] = bar.addMenu("&Help")
        m["help"].addAction(self.actions["getting_started"])
        m["help"].addAction(self.actions["shortcuts"])
        m["help"].addAction(self.actions["about"])

    def _build_toolbars(self) -> None:
        tb = self.run_toolbar = QToolBar("Run", self)
        tb.setObjectName("runToolbar")
        tb.setMovable(False)
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, tb)
        tb.addAction(self.actions["forward"])
        tb.addAction(self.actions["backward"])
        self.gradient_label = QLabel("  gradient ", self)
        self.gradient_edit = QLineEdit(self)
        self.gradient_edit.setObjectName("gradientEdit")
        self.gradient_edit.setPlaceholderText("e.g. [1, 1]")
        self.gradient_edit.setToolTip("External gradient for a non-scalar root: Q.backward(gradient=…)")
        self.gradient_edit.setFixedWidth(130)
        self.gradient_edit.editingFinished.connect(self._gradient_edited)
        self._gradient_actions = [tb.addWidget(self.gradient_label), tb.addWidget(self.gradient_edit)]
        tb.addAction(self.actions["zero_grad"])
        tb.addSeparator()
        tb.addAction(self.actions["train_step"])
        self.optimizer_combo = QComboBox(self)
        self.optimizer_combo.setObjectName("optimizerCombo")
        self.optimizer_combo.addItem("SGD", "sgd")
        self.optimizer_combo.addItem("SGD, momentum 0.9", "momentum")
        self.optimizer_combo.addItem("Adam", "adam")
        self.optimizer_combo.setToolTip("Optimizer for Train step")
        self.lr_spin = QDoubleSpinBox(self)
        self.lr_spin.setObjectName("lrSpin")
        self.lr_spin.setDecimals(4)
        self.lr_spin.setRange(0.0001, 10.0)
        self.lr_spin.setSingleStep(0.01)
        self.lr_spin.setValue(0.01)
        self.lr_spin.setPrefix("lr ")
        self.lr_spin.setToolTip("Learning rate")
        tb.addWidget(self.optimizer_combo)
        tb.addWidget(self.lr_spin)
        tb.addSeparator()
        tb.addAction(self.actions["auto_run"])
        tb.addSeparator()
        tb.addAction(self.actions["layout"])
        tb.addAction(self.actions["fit"])
        # The view switch is a toolbar of its own: lecture mode moves it to the second row, after
        # the step controls (at the default width the run row was full, and whenever the
        # gradient field showed, "Side by side" went into the overflow menu).
        vt = self.view_toolbar = QToolBar("View", self)
        vt.setObjectName("viewToolbar")
        vt.setMovable(False)
        vt.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, vt)
        spacer = QWidget(self)
        spacer.setSizePolicy(spacer.sizePolicy().horizontalPolicy().Expanding,
                             spacer.sizePolicy().verticalPolicy().Preferred)
        vt.addWidget(spacer)
        vt.addWidget(QLabel("view ", self))
        for mode in VIEW_MODES:
            vt.addAction(self.actions[f"view_{mode}"])
        for key in ("forward", "backward"):
            button = tb.widgetForAction(self.actions[key])
            if button is not None:
                button.setObjectName("primaryButton")  # the two actions a learner needs first
        self.actions["view_forward"].setIconText("Forward graph")
        self.actions["view_backward"].setIconText("Backward graph")
        self.actions["view_side"].setIconText("Side by side")

    # ================================================================== preferences
    def _load_preferences(self) -> None:
        s = self.settings
        geometry = s.value("window/geometry")
        if not (isinstance(geometry, QByteArray) and not geometry.isEmpty() and self.restoreGeometry(geometry)):
            # First start: most of the screen, centred (capped so it is not huge on 4K).
            screen = QGuiApplication.primaryScreen()
            area = screen.availableGeometry() if screen is not None else None
            if area is not None and area.width() > 0:
                w, h = min(1600, int(area.width() * 0.92)), min(1000, int(area.height() * 0.92))
                self.resize(w, h)
                self.move(area.x() + (area.width() - w) // 2, area.y() + (area.height() - h) // 2)
            else:
                self.resize(1440, 900)
        self.restore_dock_state()
        self.actions["auto_run"].setChecked(prefs.get_bool(s, "run/auto_run", True))
        index = self.optimizer_combo.findData(prefs.get_str(s, "run/optimizer", "sgd"))
        self.optimizer_combo.setCurrentIndex(max(0, index))
        self.lr_spin.setValue(prefs.get_float(s, "run/lr", 0.01))
        self.set_view_mode(prefs.get_str(s, "view/mode", "forward"), save=False)
        self.set_theme(prefs.get_str(s, "view/theme", "system"), save=False)
        self.set_font_scale(prefs.get_float(s, "view/font_scale", 1.0), save=False)

    def restore_dock_state(self) -> None:
        """Put docks and toolbars where the user left them (again after extensions add theirs)."""
        state = self.settings.value("window/state")
        self._state_restored = isinstance(state, QByteArray) and not state.isEmpty() and self.restoreState(state)

    def save_preferences(self) -> None:
        s = self.settings
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        s.setValue("run/auto_run", self.actions["auto_run"].isChecked())
        s.setValue("run/optimizer", self.optimizer_combo.currentData())
        s.setValue("run/lr", self.lr_spin.value())
        s.sync()

    def set_view_mode(self, mode: str, save: bool = True) -> None:
        """"forward", "backward" (the autograd DAG) or "side" (both, side by side)."""
        mode = mode if mode in VIEW_MODES else "forward"
        self.view_mode = mode
        self.actions[f"view_{mode}"].setChecked(True)
        if save:
            self.settings.setValue("view/mode", mode)
        if not self.ready:
            return  # applied by attach_model
        # A canvas that showed the whole graph keeps showing all of it when its width changes
        # (side by side halves it); one the user zoomed into stays where it is.
        whole = self.view.isVisible() and self._shows_whole_graph()
        dag_whole = not self.backward_view.isVisible() or _shows_whole(self.backward_view,
                                                                        self.backward_view.bscene.content)
        self.view.setVisible(mode in ("forward", "side"))
        self.backward_view.setVisible(mode in ("backward", "side"))
        if mode != "forward" and self.last_result is not None:
            self.backward_view.show_results(self.last_result)
            self.backward_view.select_ids(list(self._selection))
        if mode == "side":
            self._split_by_hand = False
            self._split_side_by_side()
            from explorer.view.side_by_side import fit_backward_readable

            # a view that showed the whole graph is fitted again, whole where that is readable,
            # else readable around the root (issue #16); one the user zoomed into stays
            if whole:
                QTimer.singleShot(0, self.view.fit_readable)
            if dag_whole:
                QTimer.singleShot(0, lambda: fit_backward_readable(self.backward_view))
            return
        if whole and mode != "backward":
            QTimer.singleShot(0, self.view.fit_all)
        if dag_whole and mode != "forward":
            QTimer.singleShot(0, self.backward_view.fit_all)

    def _split_side_by_side(self) -> None:
        self._split_for = self.backward_view.bscene.content.size()
        self.splitter.setSizes(self._side_sizes(max(100, self.splitter.width() - self.splitter.handleWidth())))

    def _resplit(self, dag_whole: bool | None = None, force: bool = False) -> None:
        """Side by side, a run that changed the DAG's size (the first backward, a freeze) or a
        new size of the central area splits the width again -- unless the user has dragged the
        handle -- and re-fits the graphs that were shown whole, so neither is left as grey boxes
        while the other has room to spare."""
        if (not self.ready or self.view_mode != "side" or self._split_by_hand
                or (not force and self.backward_view.bscene.content.size() == self._split_for)):
            return
        if dag_whole is None:
            dag_whole = _shows_whole(self.backward_view, self.backward_view.bscene.content)
        whole = self._shows_whole_graph()
        self._split_side_by_side()
        from explorer.view.side_by_side import fit_backward_readable

        # whole where that is readable, else readable around the root (issue #16)
        if whole:
            QTimer.singleShot(0, self.view.fit_readable)
        if dag_whole:
            QTimer.singleShot(0, lambda: fit_backward_readable(self.backward_view))

    def _side_sizes(self, total: int) -> list[int]:
        """Widths of the canvas and the DAG side by side: first, as far as the width allows, a zoom
        at which both graphs draw their text (the canvas needs more than the DAG's labels); then
        the split at which the smaller of the two fitted zooms is largest, so the canvas is not
        shrunk until its cards turn into grey bars while the narrow DAG has room to spare (a
        fixed 65/35 did that to the seed at 1600x1000). 65/35 while there is nothing to weigh."""
        from explorer.view.canvas.backward import LOD_BOX
        from explorer.view.canvas.items import LOD_DETAIL

        default = total * 65 // 100
        forward, dag = self.scene.content_rect(), self.backward_view.bscene.content
        if forward.isNull() or dag.isNull():
            return [default, total - default]
        height = max(1, self.splitter.height())
        fw, fh = forward.width() + 80, forward.height() + 80   # the margins of the views' fit_all
        dw, dh = dag.width() + 60, dag.height() + 60

        def score(x: int) -> tuple:
            zf = min(x / fw, height / fh, 1.5)
            zd = min((total - x) / dw, height / dh, 1.3)
            # First both graphs' text (card bodies from LOD_DETAIL, DAG labels from LOD_BOX; a
            # hair above, so a rounding pixel cannot drop below), then the larger smaller zoom.
            legible = min(zf / (LOD_DETAIL * 1.02), 1.0) + min(zd / (LOD_BOX * 1.02), 1.0)
            return round(legible, 3), round(min(zf, zd), 3), round(zf, 3), -abs(x - default)

        best = max(range(total * 30 // 100, total * 85 // 100 + 1, 2), key=score)
        return [best, total - best]

    def _shows_whole_graph(self) -> bool:
        return _shows_whole(self.view, self.scene.content_rect())

    def set_theme(self, name: str, save: bool = True) -> None:
        from explorer.view.appearance import apply_theme, window_stylesheet

        name = name if name in THEME_CHOICES else "system"
        self.theme_choice = name
        self.actions[f"theme_{name}"].setChecked(True)
        effective = apply_theme(name)
        if effective != getattr(self, "_applied_theme", None):
            self._applied_theme = effective
            self.setStyleSheet(window_stylesheet(effective))
            self.code_editor.set_dark(effective in ("dark", "high-contrast"))
            self.op_palette.refresh_theme()
            self._repaint_canvases()
        if save:
            self.settings.setValue("view/theme", name)

    def _system_scheme_changed(self, *_args) -> None:
        if self.theme_choice == "system" and not self._closing:
            self.set_theme("system", save=False)

    def set_font_scale(self, scale: float, save: bool = True) -> None:
        from explorer.view import theme
        from explorer.view.appearance import apply_font_scale

        scale = min(FONT_SCALES, key=lambda s: abs(s - float(scale)))
        self.actions[f"font_{int(scale * 100)}"].setChecked(True)
        changed = scale != theme.font_scale
        theme.set_font_scale(scale)
        apply_font_scale(scale)
        # Qt stops passing QApplication.setFont down once a style sheet is set: polish again so
        # docks, toolbars and the status bar follow the new size (they stayed at 100 %). Only on
        # a change: at launch the restored dock widths stay as the user left them.
        sheet = self.styleSheet()
        if changed and sheet:
            self.setStyleSheet("")
            self.setStyleSheet(sheet)
        if changed:
            self._widen_inspector(scale)
        self._repaint_canvases()
        if save:
            self.settings.setValue("view/font_scale", scale)

    def _widen_inspector(self, scale: float) -> None:
        """Larger text needs a wider Inspector (its rows do not wrap: 'torch.Size([2])' was cut at
        200 %): as wide as its rows need, at least its default width scaled, at most 40 %."""
        from PySide6.QtWidgets import QScrollArea, QStyle

        dock = self.docks.get("inspector")
        scroll = self.inspector.findChild(QScrollArea)
        if dock is None or scroll is None or scroll.widget() is None or dock.isFloating():
            return
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        need = max(int(285 * scale), scroll.widget().minimumSizeHint().width() + bar + 8)
        width = min(need, self.width() * 2 // 5)
        if width > dock.width():
            self.resizeDocks([dock], [width], Qt.Orientation.Horizontal)
        # The left column: its buttons (Apply, From graph, Copy torch) need their width whole.
        left = [self.docks[k] for k in ("palette", "code") if k in self.docks and not self.docks[k].isFloating()]
        need_left = max((d.minimumSizeHint().width() for d in left), default=0)
        if left and need_left > left[0].width():
            self.resizeDocks([left[0]], [min(need_left, self.width() * 2 // 5)], Qt.Orientation.Horizontal)

    def _repaint_canvases(self) -> None:
        if not self.ready:
            if self.canvas_placeholder is not None:
                self.canvas_placeholder.update()
            return
        for view in (self.view, self.backward_view):
            view.viewport().update()
            if view.scene() is not None:
                view.scene().update()

    # ================================================================== document events
    def _on_document_event(self, event) -> None:
        if event.kind == "node_changed" and set(event.fields) <= {"pos"}:
            self._schedule_autosave()
            return
        if self.actions["auto_run"].isChecked():
            self._run_timer.start()
        self._ui_timer.start()
        self._script_timer.start()
        self._schedule_autosave()

    def _schedule_autosave(self) -> None:
        self._autosave_timer.start()

    def _refresh_ui(self) -> None:
        """Counters, gradient field, inspector: cheap, once per burst of events."""
        if not self.ready:
            return
        doc = self.document
        n_edges = doc.graph.number_of_edges()
        root = doc.nodes.get(doc.root) if doc.root else None
        self.status_label.setText(tr("{nodes} nodes · {edges} edges · root: {root}").format(
            nodes=len(doc.nodes), edges=n_edges, root=root.name if root else '—'))
        self._update_gradient_field()
        self._refresh_inspector()
        self._update_actions()

    def _update_actions(self) -> None:
        has_sel = bool(self._selection)
        for key in ("cut", "copy", "duplicate", "delete", "group"):
            self.actions[key].setEnabled(has_sel)
        self.actions["set_root"].setEnabled(len(self._selection) == 1)
        self.actions["backward"].setEnabled(self.document.root is not None)
        self.actions["train_step"].setEnabled(self.document.root is not None)

    def _root_shape(self) -> tuple[int, ...] | None:
        import numpy as np

        doc = self.document
        if doc.root is None or doc.root not in doc.nodes:
            return None
        node = doc.nodes[doc.root]
        if node.kind != "op":
            return None if node.value is None else tuple(np.shape(node.value))
        res = self.last_result.results.get(doc.root) if self.last_result is not None else None
        if res is not None and res.value is not None:
            return tuple(np.shape(res.value))
        return None

    def _update_gradient_field(self) -> None:
        import numpy as np

        shape = self._root_shape()
        gradient = self.document.root_gradient
        non_scalar = (shape is not None and int(np.prod(shape)) != 1) or gradient is not None
        for act in self._gradient_actions:
            act.setVisible(non_scalar)
        if not self.gradient_edit.hasFocus():
            # A non-scalar root starts with ones of its shape, as the tutorial writes
            # external_grad = torch.tensor([1., 1.]); Backward uses it unless it is edited.
            default = literal_text(np.ones(shape)) if non_scalar and gradient is None and shape is not None else ""
            self.gradient_edit.setText(literal_text(gradient) if gradient is not None else default)
        if non_scalar and gradient is None:
            self.gradient_edit.setToolTip(
                tr("The root has shape {shape}: backward needs a gradient of that shape, e.g. {example}").format(
                    shape=list(shape), example=literal_text(np.ones(shape))))
        else:
            self.gradient_edit.setToolTip(tr("External gradient for a non-scalar root: Q.backward(gradient=…)"))

    def _undo_trimmed(self, _count: int) -> None:
        if not self._said_trimmed:  # once per window: it happens on every Train step from then on
            self._said_trimmed = True
            self.messages.info(tr("Older undo steps were dropped to keep the undo history under {size} MB").format(
                size=self.undo_stack.memory_budget // (1024 * 1024)))

    def _refused(self, message: str) -> None:
        if message:
            self.messages.warning(tr_message(message))

    def _update_title(self, *_args) -> None:
        if self._closing:
            return
        self.setWindowModified(not self.undo_stack.isClean())
        name = tr("untitled") if self.display_name == "untitled" else self.display_name
        self.setWindowTitle(f"{name}[*] — {APP_NAME}")

    @property
    def is_dirty(self) -> bool:
        return not self.undo_stack.isClean()

    # ================================================================== running
    def set_auto_run(self, on: bool) -> None:
        self.settings.setValue("run/auto_run", bool(on))
        if on:
            self._run_timer.start()

    def _auto_run(self) -> None:
        if self.document.root is not None:
            if self.document.root_gradient is None:
                import numpy as np

                # A non-scalar root with no gradient yet (a graph being built): forward only, no
                # red "grad can be implicitly created only for scalar outputs" on every edit;
                # pressing Backward takes the ones the gradient field shows.
                if self.runner.stale:   # a forward after a backward would run Q = ... again
                    self.run_forward(quiet=True)
                shape = self._root_shape()
                if shape is not None and int(np.prod(shape)) != 1:
                    self.statusBar().showMessage(tr("the root is not a scalar: Backward (F5) uses the gradient "
                                                    "field, ones of its shape unless you edit it"), 8000)
                    return
            self.run_backward(quiet=True)
        else:
            self.run_forward(quiet=True)

    def _wait_for_program(self) -> bool:
        """The engine's grad mode is one per process: the graph is not run while a program
        runs in its worker thread (the run happens when the program ends)."""
        if self.program_panel.is_running():
            self._run_after_program = True
            return True
        return False

    def run_forward(self, quiet: bool = False) -> None:
        if self._wait_for_program():
            return
        started = time.perf_counter()
        try:
            result = self.runner.run_forward()
        except Exception as exc:  # the runner should not raise; never let it take the app down
            self._internal_error(tr("forward"), exc)
            return
        self._show_result(result)
        self._report_run("forward", result, started, quiet)

    def run_backward(self, quiet: bool = False) -> None:
        if self._wait_for_program():
            return
        started = time.perf_counter()
        if not quiet:  # a press of Backward confirms the field; auto-run never edits the document
            self._use_default_gradient()
        try:
            # A quiet run is an automatic one (Auto-run, after a train step): it brings the results
            # up to date and never adds a backward pass (grads accumulate) nobody asked for.
            result = self.runner.run_backward(again=not quiet)
        except Exception as exc:
            self._internal_error(tr("backward"), exc)
            return
        self._show_result(result)
        self._report_run("backward", result, started, quiet)

    def _use_default_gradient(self) -> None:
        """Backward from a non-scalar root with the gradient field still showing its ones:
        record those ones as the root's gradient (one undo step, printed as
        ``Q.backward(gradient=...)``), as if the user had confirmed the field."""
        import numpy as np

        from explorer.model import commands

        doc = self.document
        if doc.root is None or doc.root_gradient is not None:
            return
        if self._root_shape() is None:
            try:
                self._show_result(self.runner.run_forward())
            except Exception:
                return
        shape = self._root_shape()
        if shape is None or int(np.prod(shape)) == 1:
            return
        ones = np.ones(shape)
        if self.gradient_edit.text().strip() in ("", literal_text(ones)):
            dtype = np.float64 if doc.nodes[doc.root].dtype == "float64" else np.float32
            self.push(commands.SetRootCommand(doc.root, ones.astype(dtype)))

    def zero_grad(self) -> None:
        result = self.runner.zero_grad()
        self._show_result(result)
        self.messages.info(tr("zero_grad(): every .grad is None again"))

    def train_step(self) -> None:
        if self._wait_for_program():
            return
        import numpy as np

        from explorer.model.numbers import format_number
        from explorer.model.runner import RunnerError, training_command

        choice = self.optimizer_combo.currentData() or "sgd"
        optimizer, momentum = OPTIMIZERS.get(choice, ("sgd", 0.0))
        lr = float(self.lr_spin.value())
        try:
            # One trainer across presses, so Adam's moments and SGD's momentum carry over as in a
            # PyTorch loop; it starts afresh by itself when the document changed in between
            # (an edit, an undo), and here when the optimizer or lr changed.
            key = (optimizer, momentum, lr)
            if self._trainer is None or self._trainer_key != key or self._trainer.runner is not self.runner:
                self._trainer = self.runner.trainer(optimizer, lr=lr, momentum=momentum)
                self._trainer_key = key
            history, values = self._trainer.step(1)
        except RunnerError as exc:
            self.messages.warning(tr("Train step: {error}").format(error=exc))
            self.statusBar().showMessage(tr("Train step: {error}").format(error=exc), 6000)
            return
        except Exception as exc:
            self._internal_error(tr("train step"), exc)
            return
        label = tr("Train step ({optimizer}, lr={lr})").format(optimizer=self.optimizer_combo.currentText(), lr=f"{lr:g}")
        if values and self.undo_stack.push_command(training_command(self.document, values, label)):
            self.run_backward(quiet=True)
            after = self.last_result.results.get(self.document.root) if self.last_result else None
            loss_after = (f" → {format_number(np.asarray(after.value).reshape(-1)[0])}"
                          if after is not None and after.value is not None and np.size(after.value) == 1 else "")
            # The trainer zeroes the grads before each backward, as an optimizer loop does.
            self.messages.info(tr("{label}: optimizer.zero_grad(), loss.backward(), optimizer.step(); "
                                  "loss {loss}; updated {names}").format(
                label=label, loss=format_number(history[0]) + loss_after,
                names=', '.join(self.document.nodes[n].name for n in values)))

    def _report_run(self, what: str, result, started: float, quiet: bool) -> None:
        ms = (time.perf_counter() - started) * 1000
        from explorer.view.unfinished import is_unfinished

        # An input not wired yet is an unfinished graph, shown on its card as a dashed hint:
        # only real failures go to Messages in red.
        errors = {n: m for n, m in (getattr(result, "errors", {}) or {}).items() if not is_unfinished(m)}
        for nid, msg in errors.items():
            name = self.document.nodes[nid].name if nid in self.document.nodes else nid
            if not quiet or (name, msg) not in self._reported:
                self.messages.error(f"{name}: {tr_message(msg)}")
        self._reported = {(self.document.nodes[n].name if n in self.document.nodes else n, m)
                          for n, m in errors.items()}
        warnings = getattr(result, "warnings", {}) or {}
        if not quiet:
            for nid, msg in warnings.items():
                name = self.document.nodes[nid].name if nid in self.document.nodes else nid
                self.messages.warning(f"{name}: {tr_message(msg)}")
        backward_error = getattr(result, "backward_error", None)
        if what == "backward" and backward_error:
            if not quiet or backward_error != self._last_backward_error:
                self.messages.error(tr("backward: {error}").format(error=tr_message(backward_error)))
            self._last_backward_error = backward_error
            self.statusBar().showMessage(tr("backward failed: {error}").format(error=tr_message(backward_error)), 8000)
            return
        self._last_backward_error = None
        summary = tr("{what} in {ms} ms").format(what=tr(what), ms=f"{ms:.1f}")
        if what == "backward" and getattr(result, "backward_ran", False):
            leaves = [(self.document.nodes[n].name, r.grad) for n, r in result.results.items()
                      if n in self.document.nodes and self.document.nodes[n].kind == "leaf" and r.grad is not None]
            if leaves:
                from explorer.model.numbers import format_array

                summary += " — " + ", ".join(f"{name}.grad = {format_array(g)}" for name, g in leaves[:4])
        self.statusBar().showMessage(summary, 8000)
        if not quiet:
            self.messages.info(summary)

    def _show_result(self, result) -> None:
        self.last_result = result
        try:
            self.scene.show_results(result)
        except Exception as exc:
            self._internal_error(tr("showing results on the canvas"), exc)
        if self.backward_view.isVisible() or self.view_mode != "forward":
            try:
                dag_whole = _shows_whole(self.backward_view, self.backward_view.bscene.content)
                self.backward_view.show_results(result)
                self.backward_view.select_ids(list(self._selection))
                self._resplit(dag_whole)
            except Exception as exc:
                self._internal_error(tr("drawing the backward graph"), exc)
        self._refresh_inspector()
        self._update_gradient_field()
        self.results_changed.emit(result)

    def _internal_error(self, what: str, exc: BaseException) -> None:
        log.error("%s failed:\n%s", what, traceback.format_exc())
        self.messages.error(tr("{what} failed: {kind}: {error}").format(what=what, kind=type(exc).__name__, error=exc))

    # ================================================================== edits (all via commands)
    def push(self, command) -> bool:
        return self.undo_stack.push_command(command)

    def add_node(self, kind: str, op: str | None, pos: tuple[float, float] | None) -> str | None:
        """Add a leaf / constant / op node at ``pos`` (scene coordinates; None = view centre)."""
        if pos is None:
            selected = [self.scene.node_items[n] for n in self.scene.selected_ids() if n in self.scene.node_items]
            if selected:
                # Next to the selection: right of its rightmost card (free_position avoids overlaps).
                from explorer.view import theme

                last = max(selected, key=lambda it: it.x())
                pos = (last.x() + last.card_rect().width() + 130 * theme.font_scale, last.y())
            else:
                centre = self.view.mapToScene(self.view.viewport().rect().center())
                pos = (centre.x(), centre.y())
        new_id = self.scene.add_node(kind, op, QPointF(float(pos[0]), float(pos[1])))
        if new_id is not None:
            # Focus follows the new card: F2, Delete and Tab act on it at once (after a palette
            # click or drop the keyboard was left in the palette).
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)
            self.view.ensureVisible(self.scene.node_items[new_id].sceneBoundingRect(), 40, 40)
        return new_id

    def _rename_node(self, node_id: str, name: str) -> None:
        from explorer.model import commands

        if not self.push(commands.RenameCommand(node_id, name)):
            self.inspector.refresh()

    def _set_value(self, node_id: str, value) -> None:
        from explorer.model import commands

        self.push(commands.SetValueCommand(node_id, value))
        self.inspector.refresh()

    def _set_param(self, node_id: str, name: str, value) -> None:
        from explorer.model import commands

        if not self.push(commands.SetParamCommand(node_id, name, value)):
            self.inspector.refresh()

    def _set_requires_grad(self, node_id: str, flag: bool) -> None:
        from explorer.model import commands

        if not self.push(commands.SetRequiresGradCommand([node_id], flag)):
            self.inspector.refresh()

    def _set_root(self, node_id: str) -> None:
        from explorer.model import commands

        self.push(commands.SetRootCommand(node_id, None))

    def set_root_from_selection(self) -> None:
        if len(self._selection) == 1:
            self._set_root(self._selection[0])

    def _gradient_edited(self) -> None:
        import numpy as np

        from explorer.model import commands

        if not self.ready:
            return

        doc = self.document
        text = self.gradient_edit.text().strip()
        if doc.root is None:
            return
        if not text:
            if doc.root_gradient is not None:
                self.push(commands.SetRootCommand(doc.root, None))
            return
        try:
            dtype = "float64" if doc.nodes[doc.root].dtype == "float64" else "float32"
            gradient = parse_array(text, dtype)
        except LiteralError as exc:
            self.messages.warning(tr("gradient: {error}").format(error=tr_message(str(exc))))
            self.gradient_edit.setStyleSheet("border: 1px solid #dc2626;")
            return
        self.gradient_edit.setStyleSheet("")
        shape = self._root_shape()
        if shape is not None and gradient.shape != shape:
            self.messages.warning(tr("gradient: shape {shape} does not match the root's shape {root_shape} "
                                     "(backward will report it)").format(shape=list(gradient.shape),
                                                                         root_shape=list(shape)))
        old = doc.root_gradient
        if old is not None and old.shape == gradient.shape and np.array_equal(old, gradient):
            return
        self.push(commands.SetRootCommand(doc.root, gradient))

    def cut(self) -> None:
        self.view.copy_selection()
        self.view.delete_selection()

    def group_selection(self) -> None:
        if not self._selection:
            return
        name, ok = QInputDialog.getText(self, "Group", "Group name:", text="group")
        if ok and name.strip():
            self.view.group_selection(name.strip())

    # ================================================================== selection and inspector
    def _forward_selection_changed(self, ids: list) -> None:
        self._selection = list(ids)
        if not self._syncing_selection and hasattr(self.backward_view, "select_ids"):
            self._syncing_selection = True
            try:
                self.backward_view.select_ids(list(ids))
            finally:
                self._syncing_selection = False
        self._refresh_inspector()
        self._update_actions()

    def _backward_selection_changed(self, ids: list) -> None:
        if self._syncing_selection:
            return
        self._syncing_selection = True
        try:
            self.scene.select_ids(list(ids))
        finally:
            self._syncing_selection = False

    def _node_activated(self, node_id: str) -> None:
        self.docks["inspector"].show()
        self.docks["inspector"].raise_()

    def _refresh_inspector(self) -> None:
        ids = [i for i in self._selection if i in self.document.nodes]
        node_id = ids[0] if len(ids) == 1 else None
        self.inspector.show_node(self.document, node_id, self.last_result, len(ids))

    # ================================================================== code editor
    def apply_script(self, source: str) -> bool:
        """Build the graph from a script; one undoable step. Errors are underlined, nothing changes.
        A program (it imports torch) is also run: its output goes to the Output dock."""
        if is_program(source):
            return self.run_program_text(source)
        from explorer.view.script_program import program_text

        if (as_program := program_text(source)) is not None:  # print() shows in the Output dock
            return self.run_program_text(source, run_as=as_program)
        try:
            from explorer.model.language import ScriptError, parse_script
        except ImportError as exc:
            self.messages.error(tr("the expression language is not available: {error}").format(error=exc))
            return False
        try:
            new_doc = parse_script(source)
        except ScriptError as exc:
            # ScriptError positions are 1-based (line and column; end_col exclusive).
            line, col = getattr(exc, "line", None), getattr(exc, "col", None)
            message = tr_message(getattr(exc, "message", None) or str(exc))
            self.code_editor.show_error(message, line, col, getattr(exc, "end_line", None),
                                        getattr(exc, "end_col", None))
            where = tr(" (line {line}, column {col})").format(line=line, col=col or 1) if line else ""
            self.messages.warning(tr("script{where}: {message}").format(where=where, message=message))
            return False
        except Exception as exc:
            self._internal_error(tr("reading the script"), exc)
            return False
        self._place_like_current(new_doc)
        if not self.push(ReplaceDocumentCommand(new_doc, "Apply script")):
            return False
        self._script_synced = self._prints_as(source, new_doc)
        self.code_editor.mark_applied()
        self.code_editor.show_info(tr("Built {count} nodes from the script").format(count=len(new_doc.nodes)))
        self.messages.info(tr("Applied the script: {count} nodes").format(count=len(new_doc.nodes)))
        QTimer.singleShot(0, self.view.fit_all)
        return True

    @staticmethod
    def _prints_as(source: str, doc) -> bool:
        """Whether the graph prints back as exactly this text. Only then does the script go on
        following the graph: otherwise Apply would replace the user's text (comments, print(),
        external_grad = ...) with the graph's own printing a moment later."""
        try:
            from explorer.model.language import to_script

            return to_script(doc).strip() == source.strip()
        except Exception:  # noqa: BLE001 - keeping the user's text is the safe side
            return False

    def run_program_text(self, source: str, run_as: str | None = None) -> bool:
        """Run a program in the Output dock; a straight-line one also becomes the graph
        (today's round trip), anything else leaves the graph as it is. ``run_as``: the text the
        runner gets instead (a script without imports, its names imported; see script_program)."""
        if self.program_panel.is_running():
            self.messages.warning(tr("A program is still running: Stop it first"))
            return False
        built = None
        try:
            from explorer.model.language import ScriptError, parse_script

            try:
                built = parse_script(source)
            except ScriptError:
                built = None  # loops, functions, ...: runs, but is no straight-line graph
        except Exception as exc:
            self._internal_error(tr("reading the script"), exc)
        if built is not None and len(built.nodes):
            self._place_like_current(built)
            if self.push(ReplaceDocumentCommand(built, "Apply script")):
                self._script_synced = self._prints_as(source, built)
                QTimer.singleShot(0, self.view.fit_all)
        self.code_editor.mark_applied()
        self.code_editor.show_info(tr("Running the program…"))
        self.docks["output"].show()
        self.docks["output"].raise_()
        # A straight-line program (it became the graph) has no loop to wait for: it runs at
        # once, so the graph's own run never waits for it.
        return self.program_panel.run(run_as or source, wait=built is not None and len(built.nodes) > 0)

    def _program_finished(self, result) -> None:
        self.code_editor.apply_button.setEnabled(True)
        if self._run_after_program:
            self._run_after_program = False
            self._auto_run()
        if result.error and result.error_line and result.error_kind != "cancelled":
            self.code_editor.show_line_error(error_text(result), result.error_line)
            self.messages.warning(tr("program: {error}").format(error=error_text(result)))
        elif result.error:
            self.code_editor.show_info(error_text(result))
        else:
            self.code_editor.show_info(tr("The program ran: {count} statements").format(
                count=f"{len(result.trace.statements):,}" if result.trace else "0"))

    # ---------------------------------------------------------------- program stepping
    def _program_step(self, step: int) -> None:
        """Show the graph alive after statement ``step`` and highlight its line."""
        from explorer.model.program.freeze import FreezeError, freeze_program

        panel = self.program_panel
        if panel.cursor is None:
            return
        line, _depth, _iters = panel.cursor.statements[step]
        first = self._program_frozen is None
        try:
            frozen = freeze_program(panel.source, step, window_budget(), lenient=True)
        except FreezeError as exc:
            frozen, note = None, tr_message(str(exc))
        else:
            reasons: dict[str, list[str]] = {}
            for name, why in frozen.skipped.items():
                reasons.setdefault(why, []).append(name)
            note = "; ".join(f"{', '.join(names)} ({tr_message(why)})" for why, names in reasons.items())
        self._program_frozen = frozen
        if frozen is not None:
            self._place_step_graph(frozen.document)
            self.push(StepGraphCommand(frozen.document, "Show the program's graph"))
            if first:
                QTimer.singleShot(0, self.view.fit_all)
        self.code_editor.set_step_lines(line)
        where = tr("line {line} just ran · statement {k} of {n}").format(
            line=line, k=f"{step + 1:,}", n=f"{len(panel.cursor.statements):,}")
        if panel.result is not None and panel.result.notes:
            # the graph is rebuilt by running the program again up to the step
            where += " — " + tr("random values are drawn again for this view unless the "
                                "program calls torch.manual_seed")
        panel.where.setText(where + (f" — {tr('not shown')}: {note}" if note else ""))

    def _place_step_graph(self, new_doc: Document) -> None:
        """The same names as on the canvas (a loop's next pass): same places, so only the
        numbers change; another graph: laid out afresh (kept places would overlap new nodes)."""
        from explorer.model.layout import layered_layout
        from explorer.model.module_groups import apply_module_layout, carry_module_layout, has_modules

        old = {n.name: n.pos for n in self.document.nodes.values()}
        if has_modules(new_doc) and not carry_module_layout(self.document, new_doc):
            apply_module_layout(new_doc)   # nn.Modules: collapsed cards get their places
            QTimer.singleShot(0, self.view.fit_readable)
            return
        if {n.name for n in new_doc.nodes.values()} == set(old):
            for node in new_doc.nodes.values():
                node.pos = tuple(old[node.name])
            return
        for nid, pos in layered_layout(new_doc).items():
            new_doc.nodes[nid].pos = pos
        QTimer.singleShot(0, self.view.fit_all)

    def _program_edit(self) -> None:
        """"Edit this graph": the graph at the cursor (or at the end) as an ordinary document."""
        from explorer.model.program.freeze import FreezeError, freeze_program

        panel = self.program_panel
        step = panel.cursor.step if panel.cursor is not None else None
        try:
            frozen = freeze_program(panel.source, step, window_budget(), lenient=True)
        except FreezeError as exc:
            self.messages.warning(tr("Edit this graph: {error}").format(error=exc))
            return
        self._place_like_current(frozen.document)
        if self.push(ReplaceDocumentCommand(frozen.document, "Edit this graph")):
            panel.end_stepping()
            self._program_frozen = None
            self.code_editor.set_step_lines(None)
            self.messages.info(tr("The program's graph is now an editable graph: {count} nodes")
                               .format(count=len(frozen.document.nodes)))
            QTimer.singleShot(0, self.view.fit_all)

    def _program_text_changed(self) -> None:
        panel = self.program_panel
        if panel.cursor is not None and self.code_editor.text() != panel.source:
            panel.end_stepping()  # the recorded run no longer matches the text
            self._program_frozen = None
            self.code_editor.set_step_lines(None)

    def _program_line_clicked(self) -> None:
        """Clicking a line while stepping selects the nodes that line made."""
        frozen = self._program_frozen
        if frozen is None or self.program_panel.cursor is None:
            return
        line = self.code_editor.editor.textCursor().blockNumber() + 1
        ids = [nid for nid, ln in frozen.lines.items() if ln == line and nid in self.document.nodes]
        self.scene.select_ids(ids)

    def _program_nodes_selected(self, ids: list) -> None:
        """Selecting nodes while stepping highlights the lines that made them."""
        frozen = self._program_frozen
        if frozen is None or self.program_panel.cursor is None:
            return
        self.code_editor.set_step_lines(self.program_panel.cursor.line(),
                                        [frozen.lines[i] for i in ids if i in frozen.lines])

    def _place_like_current(self, new_doc: Document) -> None:
        """Nodes whose names survive keep their place; the others are laid out around them."""
        from explorer.model.layout import layered_layout
        from explorer.model.module_groups import apply_module_layout, has_modules

        if has_modules(new_doc):
            apply_module_layout(new_doc)   # nn.Modules: collapsed cards get their places
            return
        old = {n.name: n.pos for n in self.document.nodes.values()}
        kept = []
        for node in new_doc.nodes.values():
            if node.name in old:
                node.pos = tuple(old[node.name])
                kept.append(node.id)
        if len(kept) < len(new_doc.nodes):
            for nid, pos in layered_layout(new_doc, keep=kept).items():
                new_doc.nodes[nid].pos = pos

    def refresh_script(self) -> None:
        try:
            from explorer.model.language import to_script
        except ImportError as exc:
            self.messages.error(tr("the expression language is not available: {error}").format(error=exc))
            return
        numbers = sum(n.value.size for n in self.document.nodes.values() if n.value is not None)
        if numbers > SCRIPT_MAX_NUMBERS:  # a ResNet's 11.7 M weights are no script to read
            self.code_editor.set_script(tr("# this graph holds {count} numbers: too many to print as a script")
                                        .format(count=f"{numbers:,}"))
            self._script_synced = True
            return
        try:
            text = to_script(self.document)
        except Exception as exc:
            self._internal_error(tr("printing the graph as a script"), exc)
            return
        self.code_editor.set_script(text)
        self._script_synced = True

    def copy_torch_script(self) -> None:
        try:
            from explorer.model.language import to_torch_script

            text = to_torch_script(self.document)
        except Exception as exc:
            self._internal_error(tr("printing the graph as PyTorch code"), exc)
            return
        QGuiApplication.clipboard().setText(text)
        self.messages.info(tr("Copied the graph as a runnable PyTorch script"))

    def _script_edited(self) -> None:
        if self.code_editor.is_edited():
            self._script_synced = False

    def _refresh_script_if_synced(self) -> None:
        # The script follows the graph until the user types in it.
        if self._script_synced and self.docks["code"].isVisible():
            self.refresh_script()

    # ================================================================== files
    def _replace_document(self, new_doc: Document, file_path: str | None, display_name: str,
                          clean: bool = True) -> None:
        self._selection = []
        self._trainer = None  # another graph: a fresh optimizer
        self.undo_stack.clear()
        self.document.replace_with(new_doc)
        self.file_path = file_path
        self.display_name = display_name
        self.last_result = None
        if clean:
            self.undo_stack.setClean()
        self._script_synced = True
        self._script_timer.start()  # printed after the first paint, not before
        self._update_title()
        self._refresh_ui()
        if self.actions["auto_run"].isChecked():
            self._auto_run()
        else:
            self._show_result(None)
        # Opened at a readable zoom: the whole graph if it fits so, else the part around its root.
        QTimer.singleShot(0, self.view.fit_readable)
        self.document_replaced.emit()

    def new_document(self) -> bool:
        from explorer.model.document import Document

        if not self.maybe_save():
            return False
        self._discard_recovery()
        self._replace_document(Document(), None, "untitled")
        self.messages.info(tr("New graph"))
        return True

    def open_dialog(self) -> bool:
        if not self.maybe_save():
            return False
        path, _ = QFileDialog.getOpenFileName(self, tr("Open graph"), self.dialog_folder(), DOCUMENT_FILTER)
        if not path:
            return False
        return self.open_path(path, ask=False)

    def dialog_folder(self) -> str:
        """Where Open and Save As start: the current file's folder, else the folder of the most
        recent file, else the home folder."""
        candidates = [self.file_path] if self.file_path else []
        candidates += prefs.recent_files(self.settings)
        for path in candidates:
            folder = os.path.dirname(os.path.abspath(path))
            if os.path.isdir(folder):
                return folder
        return str(Path.home())

    def open_path(self, path: str, ask: bool = True, example: bool = False, modal: bool = True) -> bool:
        """Open a document or script; on failure show why and keep the current graph.

        ``modal=False`` (start-up) reports in a box that does not block the event loop."""
        if ask and not self.maybe_save():
            return False
        try:
            new_doc = load_file(path)
        except Exception as exc:  # FileFormatError, ScriptError, OSError, anything: report, keep
            message = _load_error_text(path, exc)
            self.messages.error(message)
            if modal:
                QMessageBox.warning(self, tr("Could not open file"), message)
            else:
                box = QMessageBox(QMessageBox.Icon.Warning, tr("Could not open file"), message,
                                  QMessageBox.StandardButton.Ok, self)
                box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
                box.open()
            if not example and not os.path.exists(path):
                prefs.remove_recent_file(self.settings, path)
            return False
        self._discard_recovery()
        is_document = path.lower().endswith(".json")
        name = Path(path).name
        if example:
            self._replace_document(new_doc, None, f"{Path(path).stem} (example)")
        elif is_document:
            self._replace_document(new_doc, os.path.abspath(path), name)
            prefs.add_recent_file(self.settings, path)
        else:
            # A script: the graph is new (saving writes a .json, never the script).
            _ensure_positions(new_doc)
            self._replace_document(new_doc, None, f"{Path(path).stem} (from {name})")
            prefs.add_recent_file(self.settings, path)
        self.messages.info(tr("Opened {path}").format(path=path))
        return True

    def open_example(self, path: Path | str) -> bool:
        return self.open_path(str(path), ask=True, example=True)

    def save(self) -> bool:
        if self.file_path is None:
            return self.save_as()
        return self._save_to(self.file_path)

    def save_as(self) -> bool:
        start = self.file_path or os.path.join(self.dialog_folder(), self.display_name.split(" ")[0] + ".json")
        path, _ = QFileDialog.getSaveFileName(self, tr("Save graph as"), start, SAVE_FILTER)
        if not path:
            return False
        if not os.path.splitext(path)[1]:
            path += ".json"
        return self._save_to(path)

    def _save_to(self, path: str) -> bool:
        from explorer.model.atomic import ReadOnlyFileError
        from explorer.model.fileformat import save_document

        try:
            try:
                save_document(self.document, path)
            except ReadOnlyFileError:
                answer = QMessageBox.question(
                    self, tr("Save"),
                    tr("“{name}” is read-only. Save anyway?").format(name=Path(path).name),
                    QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel,
                    QMessageBox.StandardButton.Cancel)
                if answer != QMessageBox.StandardButton.Save:
                    return False
                save_document(self.document, path, overwrite_read_only=True)
        except Exception as exc:
            message = tr("Could not save {path}: {error}").format(path=path, error=tr_message(str(exc)))
            self.messages.error(message)
            QMessageBox.warning(self, tr("Could not save"), message)
            return False
        self._discard_recovery()
        self.file_path = os.path.abspath(path)
        self.display_name = Path(path).name
        self.undo_stack.setClean()
        prefs.add_recent_file(self.settings, path)
        self._update_title()
        self.messages.info(tr("Saved {path}").format(path=path))
        self.statusBar().showMessage(tr("Saved {path}").format(path=path), 4000)
        return True

    def maybe_save(self) -> bool:
        """Ask Save/Discard/Cancel when dirty; True if it is fine to drop the document."""
        if not self.is_dirty:
            return True
        answer = QMessageBox.question(
            self, APP_NAME,
            tr("Save changes to “{name}” before closing it?").format(name=self.display_name) + "\n\n"
            + tr("Your changes will be lost if you don't save them."),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        if answer == QMessageBox.StandardButton.Discard:
            self._discard_recovery()
            return True
        return False

    def _keep_graphml_last(self) -> None:
        menu = self.export_menu
        tail = [self._graphml_separator, self.actions["export_graphml"]]
        if menu.actions()[-2:] != tail:
            for action in tail:
                menu.removeAction(action)
                menu.addAction(action)

    def export_graphml(self, path: str | None = None) -> bool:
        """File ▸ Export ▸ GraphML: ask for a file name (unless given) and write the graph."""
        if path is None:
            folder = prefs.get_str(self.settings, "export/graphml_dir", "") or (
                os.path.dirname(self.file_path) if self.file_path else str(Path.home()))
            stem = Path(self.file_path).stem if self.file_path else self.display_name.split(" ")[0]
            path, _ = QFileDialog.getSaveFileName(self, tr("Export GraphML"), os.path.join(folder, stem + ".graphml"),
                                                  "GraphML (*.graphml);;All files (*)")
            if not path:
                return False
            if not os.path.splitext(path)[1]:
                path += ".graphml"
        try:
            from explorer.model.graphml import export_graphml

            export_graphml(self.document, path)
        except Exception as exc:  # an unwritable folder, a full disk: report, keep going
            message = tr("Could not export GraphML to {path}: {error}").format(path=path, error=tr_message(str(exc)))
            self.messages.error(message)
            QMessageBox.warning(self, tr("Could not export"), message)
            return False
        self.settings.setValue("export/graphml_dir", os.path.dirname(os.path.abspath(path)))
        self.messages.info(tr("Exported {count} nodes as GraphML to {path}").format(count=len(self.document.nodes), path=path))
        self.statusBar().showMessage(tr("Exported {path}").format(path=path), 4000)
        return True

    def _fill_recent_menu(self) -> None:
        menu = self.menus["recent"]
        menu.clear()
        files = prefs.recent_files(self.settings)
        for path in files:
            act = menu.addAction(Path(path).name)
            act.setToolTip(path)
            act.setStatusTip(path)
            act.triggered.connect(lambda _c=False, p=path: self.open_path(p))
        if files:
            menu.addSeparator()
            clear = menu.addAction("Clear Recent Files")
            clear.triggered.connect(lambda: self.settings.setValue("recent_files", []))
        else:
            empty = menu.addAction("No recent files")
            empty.setEnabled(False)

    # ================================================================== recovery
    def _recent_changes(self) -> list[str]:
        """What changed since the last save, for the recovery list: the undo texts, newest last."""
        stack = self.undo_stack
        texts = [stack.text(i) for i in range(stack.index())]
        clean = stack.cleanIndex()
        if 0 <= clean <= stack.index():
            texts = texts[clean:]
        runs: list[list] = []  # "Change value (×3)" rather than the same text three times
        for text in filter(None, texts):
            if runs and runs[-1][0] == text:
                runs[-1][1] += 1
            else:
                runs.append([text, 1])
        return [text if n == 1 else f"{text} (×{n})" for text, n in runs][-8:]

    def autosave_now(self) -> Path | None:
        """Write unsaved changes to this session's recovery copy (never the user's file, never
        another session's copy); a document back at its saved state removes its copy."""
        if self._closing:
            return None
        if not self.is_dirty:
            self.recovery.remove_own()
            return None
        try:
            from explorer.model.fileformat import dumps

            text = dumps(self.document)
            return self.recovery.write(self.file_path, self.display_name, text,
                                       changes=self._recent_changes(), node_count=len(self.document.nodes))
        except Exception as exc:
            log.warning("autosave failed: %s", exc)
            self.statusBar().showMessage(tr("Autosave failed: {error}").format(error=exc), 6000)
            return None

    def recovery_path(self) -> Path:
        """This window session's recovery copy (it exists while there are unsaved changes)."""
        return self.recovery.own_path

    def _clean_changed(self, clean: bool) -> None:
        if clean and not self._closing:  # undone back to the saved state: nothing to recover
            self._autosave_timer.stop()
            self.recovery.remove_own()

    def _discard_recovery(self) -> None:
        self._autosave_timer.stop()
        self.recovery.remove_own()

    def clean_stale_temp_files(self) -> list[Path]:
        """Remove temp files of our own naming (``.NAME.autograd-tmp-XXXX``) that a kill -9
        during a save left in the recovery folder or beside recently used files."""
        folders = {os.path.dirname(os.path.abspath(p)) for p in prefs.recent_files(self.settings)}
        removed = self.recovery.clean_stale_temp_files(sorted(folders))
        for path in removed:
            log.info("removed a stale temporary file: %s", path)
        return removed

    def offer_recovery(self) -> RecoveryDialog | None:
        """At start (and from File ▸ Recover Unsaved Work): list every copy other sessions left,
        each with Restore / Discard / Keep for later. Returns the dialog (opened, not blocking),
        or None when there is nothing to recover."""
        try:
            self.clean_stale_temp_files()
            copies = self.recovery.pending()
        except OSError as exc:  # an unreadable recovery folder must not stop the app
            self.messages.warning(tr("Could not look for recovered work: {error}").format(error=exc))
            return None
        if not copies:
            if self.sender() is self.actions.get("recover"):
                self.statusBar().showMessage(tr("No unsaved work from other sessions to recover"), 4000)
            return None
        if self.recovery_dialog is not None:
            self.recovery_dialog.close()
        dialog = RecoveryDialog(copies, self.restore_recovery, self._discard_copy, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(self._recovery_dialog_gone)
        self.recovery_dialog = dialog
        dialog.open()
        return dialog

    def _recovery_dialog_gone(self, *_args) -> None:
        self.recovery_dialog = None

    def _discard_copy(self, copy: RecoveryCopy) -> None:
        self.recovery.discard(copy)
        self.messages.info(tr("Discarded the recovered copy of {title}").format(title=copy.title))

    def restore_recovery(self, copy: RecoveryCopy) -> bool:
        """Put a recovery copy in this window (unsaved until the user saves it)."""
        if self.is_dirty and not self.maybe_save():
            return False
        try:
            from explorer.model.fileformat import loads

            doc = loads(self.recovery.read_document(copy))
        except Exception as exc:
            self.messages.error(tr("The recovered copy of {title} is unreadable: {error}").format(
                title=copy.title, error=tr_message(str(exc))))
            return False
        self._replace_document(doc, copy.source_path, copy.title, clean=True)
        # Restored work is unsaved by definition: mark dirty until the user saves.
        self.undo_stack.resetClean()
        self._update_title()
        # This session's own copy takes over before the old one goes: never a moment without one.
        self.autosave_now()
        self.recovery.discard(copy)
        self.messages.info(tr("Restored unsaved changes to {title} — save to keep them").format(title=copy.title))
        return True

    # ================================================================== dialogs
    def show_shortcuts(self) -> None:
        dialog = QDialog(self)
        dialog.setWindowTitle(tr("Keyboard shortcuts"))
        rows: list[tuple[str, str]] = []
        for key, action in self.actions.items():
            seqs = [s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts() if not s.isEmpty()]
            if seqs:
                rows.append((" / ".join(seqs), action.text().replace("&", "").replace("…", "")))
        rows.extend((tr(keys), tr(what)) for keys, what in CANVAS_KEYS)
        table = QTableWidget(len(rows), 2, dialog)
        table.setHorizontalHeaderLabels([tr("Keys"), tr("Action")])
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for r, (keys, what) in enumerate(rows):
            table.setItem(r, 0, QTableWidgetItem(keys))
            table.setItem(r, 1, QTableWidgetItem(what))
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
        buttons.rejected.connect(dialog.reject)
        layout = QVBoxLayout(dialog)
        layout.addWidget(table)
        layout.addWidget(buttons)
        # wide enough for the longest row in this language and font scale (no elided action)
        margins = layout.contentsMargins()
        need = (table.sizeHintForColumn(0) + table.sizeHintForColumn(1) + 2 * table.frameWidth()
                + table.verticalScrollBar().sizeHint().width() + margins.left() + margins.right() + 8)
        dialog.resize(max(520, need), max(560, self.height() * 2 // 3))
        self.shortcuts_dialog = dialog
        dialog.open()

    tour = None

    def start_tour(self):
        """Help ▸ Getting started (explorer.view.panels.tour)."""
        from explorer.view.panels.tour import start_tour

        return start_tour(self)

    def show_about(self) -> QMessageBox:
        box = QMessageBox(QMessageBox.Icon.NoIcon, tr("About Autograd Explorer"),
                          "<h3>Autograd Explorer</h3><p>"
                          + tr("Build expression graphs, run forward and backward, and watch PyTorch-style "
                               "autograd fill <code>.grad</code>, <code>grad_fn</code> and the backward graph.")
                          + "</p><p>" + tr("The engine is a small numpy autograd that matches PyTorch's semantics.")
                          + "</p>", QMessageBox.StandardButton.Ok, self)
        box.setObjectName("aboutBox")
        box.setIconPixmap(self.windowIcon().pixmap(64, 64))  # the app icon
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if not getattr(self, "_shown_once", False):
            self._shown_once = True
            if not self._state_restored:
                self._default_dock_sizes()
            # Fit once the window has its real size (before that the views are tiny).
            QTimer.singleShot(0, self._fit_views_readable)

    def _default_dock_sizes(self) -> None:
        # Narrow side panels: the graph gets the room (cards need ~60 % zoom to be legible). The
        # left column is as wide as the code editor needs to show the seed script's longest line
        # (a = tensor([2., 3.], requires_grad=True)) without scrolling, up to 30 % of the window.
        from explorer.view.default_layout import apply_default_layout

        left = min(max(215, self.code_editor.width_for_columns(CODE_COLUMNS)), max(215, self.width() * 3 // 10))
        apply_default_layout(self, left)  # the Inspector a tab beside Ops: the canvas gets the width
        if self.view_mode == "side":
            self.set_view_mode("side", save=False)

    def _fit_views_readable(self) -> None:
        """At launch: the forward canvas alone opens at a readable zoom (see GraphView.fit_readable)."""
        if self.ready and self.view_mode == "forward":
            self.view.fit_readable()
        else:
            self.fit_views()

    def fit_views(self) -> None:
        if not self.ready:
            return
        if self.view.isVisible():
            self.view.fit_all()
        if self.backward_view.isVisible():
            self.backward_view.fit_all()

    # ================================================================== closing
    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if not self.ready:
            # Closed while still loading: nothing to save, and a previous session's recovery
            # file (not offered yet) must survive.
            self._closing = True
            self.save_preferences()
            self.shutdown()
            event.accept()
            return
        if not self.maybe_save():
            event.ignore()
            return
        self._closing = True
        self._discard_recovery()
        self.save_preferences()
        self.shutdown()
        event.accept()

    def shutdown(self) -> None:
        """Stop timers and listeners so nothing calls into this window after it is gone."""
        from explorer.view import theme

        self._closing = True
        for timer in (self._run_timer, self._autosave_timer, self._script_timer, self._ui_timer):
            timer.stop()
        self.program_panel.stop()  # a running program is cancelled, never left behind
        self.program_panel.wait(5000)
        if not self.ready:
            return
        self.document.unsubscribe(self._on_document_event)
        self.runner.close()
        self.scene.close()
        for listener in (getattr(self.view, "_on_theme", None),
                         getattr(self.backward_view, "_on_theme", None),
                         getattr(getattr(self.backward_view, "bscene", None), "_on_theme", None)):
            if listener is not None:
                theme.remove_listener(listener)


# ---------------------------------------------------------------------- helpers
def _shows_whole(view, rect) -> bool:
    """``view`` shows all of ``rect`` (scene coordinates); an empty rect counts as shown."""
    if rect.isNull():
        return True
    return view.mapToScene(view.viewport().rect()).boundingRect().contains(rect)


def load_file(path: str) -> "Document":
    """A document from a .json file, an image carrying a graph, or a script."""
    from explorer.model import fileformat

    if path.lower().endswith(".json"):
        # Directly: load_any first imports the image reader (xml, urllib), ~0.07 s of launch.
        return fileformat.load_document(path)
    return fileformat.load_any(path)


def _load_error_text(path: str, exc: BaseException) -> str:
    name = Path(path).name
    if isinstance(exc, FileNotFoundError):
        return tr("{name}: the file does not exist ({path})").format(name=name, path=path)
    if isinstance(exc, IsADirectoryError):
        return tr("{name}: is a folder, not a file").format(name=name)
    if isinstance(exc, PermissionError):
        return tr("{name}: permission denied").format(name=name)
    if isinstance(exc, UnicodeDecodeError):
        return tr("{name}: not a text file").format(name=name)
    line = getattr(exc, "line", None)
    known = type(exc).__name__ in ("FileFormatError", "ScriptError", "DocumentError")
    text = tr_message(str(getattr(exc, "message", None) or exc)) if known else f"{type(exc).__name__}: {exc}"
    for prefix in (f"{path}: ", f"{name}: "):  # the loader named the file already: once is enough
        if text.startswith(prefix):
            text = text[len(prefix):]
    if line:
        return tr("{name} (line {line}): {error}").format(name=name, line=line, error=text)
    return f"{name}: {text}"


def unique_keys(keys) -> list[QKeySequence]:
    """Key sequences without repeats or empty ones, in order: an action that holds one key
    twice makes Qt report "Ambiguous shortcut overload" and fire nothing for that key."""
    out: list[QKeySequence] = []
    seen: set[str] = set()
    for key in keys:
        seq = QKeySequence(key)
        text = seq.toString(QKeySequence.SequenceFormat.PortableText)
        if text and text not in seen:
            seen.add(text)
            out.append(seq)
    return out


def _ensure_positions(doc: Document) -> None:
    """Scripts carry no positions: lay out when every node sits at the same place."""
    if len({tuple(n.pos) for n in doc.nodes.values()}) <= 1 and len(doc.nodes) > 1:
        from explorer.model.layout import layered_layout

        for nid, pos in layered_layout(doc).items():
            doc.nodes[nid].pos = pos
