"""How the window is built: its docks, actions, menus and toolbars, and the small event filters
and dialogs that belong to them. Functions of the window (construction, not behaviour: each
action's slot is a controller's method, see :mod:`explorer.view.window`)."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QColor, QKeySequence, QPainter
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QDockWidget, QDoubleSpinBox, QHeaderView,
                               QLabel, QLineEdit, QMainWindow, QMenu, QMessageBox, QTableWidget, QTableWidgetItem,
                               QToolBar, QVBoxLayout, QWidget)

from explorer.view import theme
from explorer.view.i18n import tr
from explorer.view.panels.code_editor import CodeEditorPanel
from explorer.view.panels.messages import MessagesPanel
from explorer.view.panels.palette import PalettePanel, decode_mime
from explorer.view.panels.program_panel import ProgramPanel
from explorer.view.window.constants import (CANVAS_KEYS, EXAMPLES_DIR, FONT_SCALES, THEME_CHOICES,
                                            VIEW_MODES)


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


class DropFilter(QObject):
    """Accepts palette drags on the canvas viewport and turns a drop into an add-node."""

    def __init__(self, window: QMainWindow) -> None:
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


class ResplitOnResize(QObject):
    """Side by side, the split follows the splitter's size (the window opening, a dock closed)
    until the user drags the handle; QSplitter alone would keep the proportions it had when it
    was first laid out, before the window knew its size."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        window.splitter.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Resize:
            self.window.views.resplit(force=True)
        return False


class EnableWhenFilled(QObject):
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


class CanvasPlaceholder(QWidget):
    """The canvas's background, painted until the real canvas exists (see attach_model)."""

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt override
        t = theme.current()
        painter = QPainter(self)
        painter.fillRect(event.rect(), QColor(t.background))
        painter.setPen(QColor(t.text_muted))
        painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "Loading…")
        painter.end()


def build_docks(window) -> None:
    window.docks: dict[str, QDockWidget] = {}
    window.setDockNestingEnabled(True)
    window.op_palette = PalettePanel(window)  # filled by attach_model (the op table needs numpy)
    # (named op_palette, not "palette": that is QWidget.palette())
    # The Inspector shows numbers (numpy): it arrives with the model (model_side.attach_inspector);
    # until then its dock holds an empty page.
    window.inspector = None
    window.code_editor = CodeEditorPanel(window)
    window.messages = MessagesPanel(window)
    window.program_panel = ProgramPanel(window)
    window.add_dock("palette", "Ops", window.op_palette, Qt.DockWidgetArea.LeftDockWidgetArea)
    window.add_dock("code", "Code", window.code_editor, Qt.DockWidgetArea.LeftDockWidgetArea)
    window.add_dock("inspector", "Inspector", QWidget(window), Qt.DockWidgetArea.RightDockWidgetArea)
    window.add_dock("messages", "Messages", window.messages, Qt.DockWidgetArea.BottomDockWidgetArea)
    window.add_dock("output", "Output", window.program_panel, Qt.DockWidgetArea.BottomDockWidgetArea)
    window.tabifyDockWidget(window.docks["messages"], window.docks["output"])
    window.docks["messages"].raise_()   # Output comes forward when a program runs
    window.program_panel.started.connect(lambda: window.code_editor.apply_button.setEnabled(False))
    window.code_editor.editor.installEventFilter(window.program_panel.keys)  # F10/F11 step here
    window.splitDockWidget(window.docks["palette"], window.docks["code"], Qt.Orientation.Vertical)
    window.code_editor.apply_requested.connect(
        lambda source: window._when_ready(lambda: window.apply_script(source)))
    window.code_editor.refresh_requested.connect(lambda: window._when_ready(window.refresh_script))
    window.code_editor.copy_torch_requested.connect(lambda: window._when_ready(window.copy_torch_script))


def wire_docks(window) -> None:
    """The docks' requests to the controllers that carry them out (called by
    :func:`explorer.view.window.model_side.attach` once the controllers exist)."""
    window.program_panel.folder = window.files.program_folder   # .npz files are read there
    window.program_panel.finished.connect(window.scripts.program_finished)
    window.program_panel.step_changed.connect(window.scripts.program_step)
    window.program_panel.edit_requested.connect(window.scripts.program_edit)
    window.code_editor.editor.textChanged.connect(window.scripts.program_text_changed)
    window.code_editor.editor.cursorPositionChanged.connect(window.scripts.program_line_clicked)
    window.op_palette.add_requested.connect(lambda kind, op: window.edits.add_node(kind, op, None))
    window.inspector.message.connect(window.messages.add)
    window.inspector.rename_requested.connect(window.edits.rename_node)
    window.inspector.value_requested.connect(window.edits.set_value)
    window.inspector.param_requested.connect(window.edits.set_param)
    window.inspector.requires_grad_requested.connect(window.edits.set_requires_grad)
    window.inspector.root_requested.connect(window.edits.set_root)
    window.code_editor.editor.textChanged.connect(window.scripts.script_edited)


def build_actions(window) -> None:
    K = QKeySequence.StandardKey
    a = window._action
    # The slots are the window's delegating methods: the controllers arrive with the model
    # (explorer.view.window.model_side), and until then every slot says "Still loading…".
    a("new", "&New", window.new_document, K.New, "Start an empty graph")
    a("open", "&Open…", window.open_dialog, K.Open, "Open a graph (.json) or a script")
    a("save", "&Save", window.save, K.Save, "Save the graph")
    a("save_as", "Save &As…", window.save_as, K.SaveAs, "Save the graph under a new name")
    a("recover", "Recover Unsaved &Work…", window.offer_recovery, None,
      "List the unsaved work other sessions left behind: restore, discard or keep each copy")
    a("export_graphml", "&GraphML (yEd, Gephi)…", window.export_graphml, None,
      "Export the graph as GraphML for graph tools such as yEd and Gephi")
    # Windows (and Qt's offscreen platform) bind no key to the standard Quit: Ctrl+Q there too
    a("quit", "&Quit", window.close, K.Quit if QKeySequence.keyBindings(K.Quit) else "Ctrl+Q")
    window.actions["quit"].setMenuRole(QAction.MenuRole.QuitRole)

    undo = window.undo_stack.createUndoAction(window, "&Undo")
    undo.setShortcut(K.Undo)
    redo = window.undo_stack.createRedoAction(window, "&Redo")
    # Ctrl+Y and Ctrl+Shift+Z redo everywhere, the platform's own key first. Linux's standard
    # Redo *is* Ctrl+Shift+Z: listed twice, Qt found the key ambiguous and neither key redid.
    redo.setShortcuts(unique_keys([QKeySequence(K.Redo), "Ctrl+Y", "Ctrl+Shift+Z"]))
    window.actions["undo"], window.actions["redo"] = undo, redo
    a("cut", "Cu&t", window.cut, K.Cut)
    a("copy", "&Copy", lambda: window.view.copy_selection(), K.Copy)
    a("paste", "&Paste", lambda: window.view.paste(), K.Paste)
    a("duplicate", "&Duplicate", lambda: window.view.duplicate_selection(), "Ctrl+D")
    a("delete", "&Delete", lambda: window.view.delete_selection(), K.Delete)
    a("select_all", "Select &All", lambda: window.view.select_all(), K.SelectAll)
    a("group", "&Group…", window.group_selection, "Ctrl+G", "Frame the selected nodes as a named group")
    a("set_root", "Use as Backward &Root", window.set_root_from_selection, "Ctrl+R",
      "Backward starts at the selected node")

    a("forward", "Forward", window.run_forward, "Ctrl+F5", "Compute every node's value")
    a("backward", "Backward", window.run_backward, "F5", "Run backward from the root: fill .grad on the leaves")
    a("zero_grad", "Zero grad", window.zero_grad, None, "Set every .grad back to None")
    a("train_step", "Train step", window.train_step, "F6",
      "One optimizer step on the leaves that require grad: optimizer.zero_grad(), loss.backward(), optimizer.step()")
    a("auto_run", "Auto-run", window.set_auto_run, None, "Recompute forward and backward on every edit",
      checkable=True)
    a("layout", "Layout", lambda: window.view.layout_graph(False), None, "Lay out the graph left to right (L)")
    a("fit", "Fit", lambda: window.view.fit_all(), None, "Fit the whole graph in view (F)")

    a("zoom_in", "Zoom &In", lambda: window.view.zoom_in(), K.ZoomIn)
    a("zoom_out", "Zoom &Out", lambda: window.view.zoom_out(), K.ZoomOut)
    window.view_mode_group = QActionGroup(window)
    for mode, text, key in (("forward", "&Forward Graph", "Ctrl+1"),
                            ("backward", "&Backward Graph (autograd DAG)", "Ctrl+2"),
                            ("side", "&Side by Side", "Ctrl+3")):
        act = a(f"view_{mode}", text, None, key, checkable=True)
        act.triggered.connect(lambda _c=False, m=mode: window.views.set_view_mode(m))
        window.view_mode_group.addAction(act)
    window.theme_group = QActionGroup(window)
    for name in THEME_CHOICES:
        label = {"system": "Follow &System", "light": "&Light", "dark": "&Dark",
                 "high-contrast": "&High Contrast"}[name]
        act = a(f"theme_{name}", label, None, None, checkable=True)
        act.triggered.connect(lambda _c=False, n=name: window.views.set_theme(n))
        window.theme_group.addAction(act)
    window.font_group = QActionGroup(window)
    for scale in FONT_SCALES:
        act = a(f"font_{int(scale * 100)}", f"{int(scale * 100)} %", None, None, checkable=True)
        act.triggered.connect(lambda _c=False, s=scale: window.views.set_font_scale(s))
        window.font_group.addAction(act)
    a("getting_started", "&Getting Started", window.start_tour, None,
      "A short tour on the tutorial's graph: build, run, freeze, step")
    a("shortcuts", "&Keyboard Shortcuts", window.show_shortcuts, K.HelpContents)
    a("about", "&About Autograd Explorer", window.show_about)
    window.actions["about"].setMenuRole(QAction.MenuRole.AboutRole)

def build_menus(window) -> None:
    bar = window.menuBar()
    m = window.menus
    m["file"] = bar.addMenu("&File")
    m["file"].addAction(window.actions["new"])
    m["file"].addAction(window.actions["open"])
    m["examples"] = m["file"].addMenu("Open &Example")
    for path in example_files():
        act = m["examples"].addAction(example_title(path))
        act.setData(str(path))
        act.triggered.connect(lambda _c=False, p=path: window._when_ready(lambda: window.open_example(p)))
    m["examples"].setEnabled(bool(m["examples"].actions()))
    m["recent"] = m["file"].addMenu("Open &Recent")
    # filled when it opens, by the files controller (connected in model_side.wire_panels)
    m["file"].addSeparator()
    m["file"].addAction(window.actions["save"])
    m["file"].addAction(window.actions["save_as"])
    m["file"].addAction(window.actions["recover"])
    m["file"].addSeparator()
    # Filled by explorer.view.export_dialog (an extension installed after the first paint,
    # see explorer.view.app.EXTENSIONS); disabled while empty.
    window.export_menu = m["export"] = m["file"].addMenu("&Export")
    window._export_watch = EnableWhenFilled(window.export_menu)
    # GraphML is the window's own entry; the image entries that export_dialog adds later
    # come first, so it is moved to the end (under a separator) each time the menu opens.
    window._graphml_separator = QAction(window)
    window._graphml_separator.setSeparator(True)
    window.export_menu.addAction(window._graphml_separator)
    window.export_menu.addAction(window.actions["export_graphml"])
    m["file"].addSeparator()
    m["file"].addAction(window.actions["quit"])

    m["edit"] = bar.addMenu("&Edit")
    for key in ("undo", "redo", None, "cut", "copy", "paste", "duplicate", "delete", None,
                "select_all", "group", "set_root"):
        m["edit"].addSeparator() if key is None else m["edit"].addAction(window.actions[key])

    m["run"] = bar.addMenu("&Run")
    for key in ("forward", "backward", "zero_grad", "train_step", None, "auto_run"):
        m["run"].addSeparator() if key is None else m["run"].addAction(window.actions[key])

    m["view"] = bar.addMenu("&View")
    for key in ("view_forward", "view_backward", "view_side"):
        m["view"].addAction(window.actions[key])
    m["view"].addSeparator()
    m["view"].addAction(window.actions["zoom_in"])
    m["view"].addAction(window.actions["zoom_out"])
    fit_menu = QAction("&Fit All\tF", window)
    fit_menu.triggered.connect(lambda: window._when_ready(lambda: window.view.fit_all()))
    layout_menu = QAction("&Lay Out Graph\tL", window)
    layout_menu.triggered.connect(lambda: window._when_ready(lambda: window.view.layout_graph(False)))
    window.actions["fit_menu"], window.actions["layout_menu"] = fit_menu, layout_menu
    m["view"].addAction(fit_menu)
    m["view"].addAction(layout_menu)
    m["view"].addSeparator()
    m["theme"] = m["view"].addMenu("&Theme")
    for name in THEME_CHOICES:
        m["theme"].addAction(window.actions[f"theme_{name}"])
    m["font"] = m["view"].addMenu("Font &Size")
    for scale in FONT_SCALES:
        m["font"].addAction(window.actions[f"font_{int(scale * 100)}"])
    m["view"].addSeparator()
    m["panels"] = m["view"].addMenu("&Panels")
    for dock in window.docks.values():
        m["panels"].addAction(dock.toggleViewAction())

    m["help"] = bar.addMenu("&Help")
    m["help"].addAction(window.actions["getting_started"])
    m["help"].addAction(window.actions["shortcuts"])
    m["help"].addAction(window.actions["about"])

def build_toolbars(window) -> None:
    tb = window.run_toolbar = QToolBar("Run", window)
    tb.setObjectName("runToolbar")
    tb.setMovable(False)
    tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, tb)
    tb.addAction(window.actions["forward"])
    tb.addAction(window.actions["backward"])
    window.gradient_label = QLabel("  gradient ", window)
    window.gradient_edit = QLineEdit(window)
    window.gradient_edit.setObjectName("gradientEdit")
    window.gradient_edit.setPlaceholderText("e.g. [1, 1]")
    window.gradient_edit.setToolTip("External gradient for a non-scalar root: Q.backward(gradient=…)")
    window.gradient_edit.setFixedWidth(130)
    window._gradient_actions = [tb.addWidget(window.gradient_label), tb.addWidget(window.gradient_edit)]
    tb.addAction(window.actions["zero_grad"])
    tb.addSeparator()
    tb.addAction(window.actions["train_step"])
    window.optimizer_combo = QComboBox(window)
    window.optimizer_combo.setObjectName("optimizerCombo")
    window.optimizer_combo.addItem("SGD", "sgd")
    window.optimizer_combo.addItem("SGD, momentum 0.9", "momentum")
    window.optimizer_combo.addItem("Adam", "adam")
    window.optimizer_combo.setToolTip("Optimizer for Train step")
    window.lr_spin = QDoubleSpinBox(window)
    window.lr_spin.setObjectName("lrSpin")
    window.lr_spin.setDecimals(4)
    window.lr_spin.setRange(0.0001, 10.0)
    window.lr_spin.setSingleStep(0.01)
    window.lr_spin.setValue(0.01)
    window.lr_spin.setPrefix("lr ")
    window.lr_spin.setToolTip("Learning rate")
    tb.addWidget(window.optimizer_combo)
    tb.addWidget(window.lr_spin)
    tb.addSeparator()
    tb.addAction(window.actions["auto_run"])
    tb.addSeparator()
    tb.addAction(window.actions["layout"])
    tb.addAction(window.actions["fit"])
    # The view switch is a toolbar of its own: lecture mode moves it to the second row, after
    # the step controls (at the default width the run row was full, and whenever the
    # gradient field showed, "Side by side" went into the overflow menu).
    vt = window.view_toolbar = QToolBar("View", window)
    vt.setObjectName("viewToolbar")
    vt.setMovable(False)
    vt.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, vt)
    spacer = QWidget(window)
    spacer.setSizePolicy(spacer.sizePolicy().horizontalPolicy().Expanding,
                         spacer.sizePolicy().verticalPolicy().Preferred)
    vt.addWidget(spacer)
    vt.addWidget(QLabel("view ", window))
    for mode in VIEW_MODES:
        vt.addAction(window.actions[f"view_{mode}"])
    for key in ("forward", "backward"):
        button = tb.widgetForAction(window.actions[key])
        if button is not None:
            button.setObjectName("primaryButton")  # the two actions a learner needs first
    window.actions["view_forward"].setIconText("Forward graph")
    window.actions["view_backward"].setIconText("Backward graph")
    window.actions["view_side"].setIconText("Side by side")

def show_shortcuts(window) -> None:
    dialog = QDialog(window)
    dialog.setWindowTitle(tr("Keyboard shortcuts"))
    rows: list[tuple[str, str]] = []
    for key, action in window.actions.items():
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
    dialog.resize(max(520, need), max(560, window.height() * 2 // 3))
    window.shortcuts_dialog = dialog
    dialog.open()

def show_about(window) -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.NoIcon, tr("About Autograd Explorer"),
                      "<h3>Autograd Explorer</h3><p>"
                      + tr("Build expression graphs, run forward and backward, and watch PyTorch-style "
                           "autograd fill <code>.grad</code>, <code>grad_fn</code> and the backward graph.")
                      + "</p><p>" + tr("The engine is a small numpy autograd that matches PyTorch's semantics.")
                      + "</p>", QMessageBox.StandardButton.Ok, window)
    box.setObjectName("aboutBox")
    box.setIconPixmap(window.windowIcon().pixmap(64, 64))  # the app icon
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
