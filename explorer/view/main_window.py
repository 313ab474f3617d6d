"""The main window: canvas in the middle, palette / inspector / code / messages docks around it.

The window owns the document, the undo stack and the runner. It never edits the document
itself: every change goes through ``undo_stack.push_command`` (the canvas does the same), and
the window mirrors document events to keep the title, the inspector, the script and the
autosave up to date and, when auto-run is on, to recompute forward and backward.

Data safety: the title shows ``*`` while the document differs from its file; New, Open and
Close ask Save/Discard/Cancel; unsaved changes are autosaved to a recovery file (never the
user's file) that a save or an explicit discard removes.

The window is a shell: it builds itself (:mod:`explorer.view.window.building`), owns the
document, the undo stack, the runner and the canvases, mirrors document events, and hands each
concern to a controller in :mod:`explorer.view.window` -- ``files``, ``autosave``, ``runs``,
``scripts``, ``views``, ``edits``. Extensions install through ``window.context``
(:class:`~explorer.view.window.context.WindowContext`).
"""
from __future__ import annotations

import logging
from typing import Callable

from PySide6.QtCore import QByteArray, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QIcon, QKeySequence
from PySide6.QtWidgets import QDockWidget, QFileDialog, QLabel, QMainWindow, QMenu, QSplitter, QWidget

from explorer.view import settings as prefs
from explorer.view import theme
from explorer.view.desktop import icon_path
from explorer.view.i18n import tr, tr_message
from explorer.view.panels import tour as getting_started
from explorer.view.recovery import RecoveryDialog, RecoveryStore, make_store
from explorer.view.undo import UndoStack
from explorer.view.window import building
from explorer.view.window.building import example_files, example_title, unique_keys
from explorer.view.window.constants import APP_NAME, AUTOSAVE_DELAY_MS, CANVAS_KEYS, EXAMPLES_DIR, SEED_EXAMPLE
from explorer.view.window.context import WindowContext
from explorer.view.window.view_mode import ViewModeController, shows_whole

# Names other modules and tests import from here (the window's constants and helpers moved
# to explorer.view.window; QFileDialog is patched by tests through this module).
__all__ = ["APP_NAME", "CANVAS_KEYS", "EXAMPLES_DIR", "SEED_EXAMPLE", "MainWindow", "QFileDialog",
           "example_files", "example_title", "unique_keys", "_shows_whole"]
_shows_whole = shows_whole

# numpy, networkx, the engine and the model layer are not imported by this module: the window's
# frame is painted before they are loaded; MainWindow.attach_model imports them, in one place
# (start-up seam 2, explorer.view.window.model_side).

log = logging.getLogger(__name__)


def _to(controller: str, name: str) -> Callable:
    """A window method that calls ``self.<controller>.<name>`` (the name kept for its callers)."""
    def method(self, *args, **kwargs):
        return getattr(getattr(self, controller), name)(*args, **kwargs)

    method.__name__ = name
    method.__doc__ = f"Calls ``{controller}.{name}`` (explorer.view.window)."
    return method


class MainWindow(QMainWindow):
    """The explorer window. Public attributes (used by other panels and tests): ``document``,
    ``undo_stack``, ``runner``, ``scene``, ``view``, ``backward_view``, ``op_palette``,
    ``inspector``, ``code_editor``, ``messages``, ``actions``, ``menus``, ``export_menu``;
    the controllers ``files``, ``autosave``, ``runs``, ``scripts``, ``views``, ``edits`` and the
    extensions' ``context``."""

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
        self._closing = False
        # The controllers: each concern of the window in a class of its own (explorer.view.window).
        # The frame has the view mode's; those that act on the document arrive with it
        # (attach_model).
        self.views = ViewModeController(self)
        self.files = self.autosave = self.runs = self.scripts = self.edits = None
        self.program_backward = None
        self.context = WindowContext(self)   # what extensions use (see install_extensions)

        self.document = None
        self.runner = None
        self.scene = None
        self.view = None
        self.backward_view = None
        self.undo_stack = UndoStack(self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("canvasSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.splitterMoved.connect(lambda *_a: setattr(self.views, "split_by_hand", True))
        building.ResplitOnResize(self)
        self.canvas_placeholder = building.CanvasPlaceholder(self.splitter)
        self.splitter.addWidget(self.canvas_placeholder)
        self.setCentralWidget(self.splitter)

        self.actions: dict[str, QAction] = {}
        self.menus: dict[str, QMenu] = {}
        building.build_docks(self)
        building.build_actions(self)
        building.build_menus(self)
        building.build_toolbars(self)
        self.status_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.status_label)

        # timers: coalesce bursts of document events into one run / one autosave / one script print
        # (the first three are connected to their controllers by attach_model)
        self._run_timer = self._single_shot(0)
        self._autosave_timer = self._single_shot(AUTOSAVE_DELAY_MS)
        self._script_timer = self._single_shot(250)
        self._ui_timer = self._single_shot(0, self._refresh_ui)

        # Bound methods, not lambdas: Qt drops these connections when the window goes away.
        self.undo_stack.cleanChanged.connect(self._update_title)
        self.undo_stack.indexChanged.connect(self._update_title)
        self.undo_stack.refused.connect(self._refused)
        self.undo_stack.trimmed.connect(self._undo_trimmed)
        self._said_trimmed = False

        self.setWindowIcon(QIcon(str(icon_path())))  # title bar, taskbar, about box
        self._load_preferences()
        hints = QGuiApplication.styleHints()
        if hasattr(hints, "colorSchemeChanged"):
            hints.colorSchemeChanged.connect(self._system_scheme_changed)
        self._update_title()
        if not deferred:
            self.attach_model()

    def attach_model(self) -> None:
        """Create the controllers, the document, the runner and the canvases (imports numpy,
        networkx, the engine) and put the canvases where the placeholder was. Idempotent."""
        if self.ready:
            return
        # Start-up seam 2 of 2: the one place the window imports the model layer (after the
        # frame's first paint when launched; see explorer.view.app and window/model_side.py).
        from explorer.view.window import model_side  # seam 2: the model side, after the first paint

        model_side.attach(self)
        # The canvas has the keyboard at start (F, L, Tab, clicker keys), not the palette filter
        # that was the first focusable widget of the frame.
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        self.ready = True
        self.set_view_mode(self.view_mode, save=False)
        self.views.repaint_canvases()
        self._update_title()
        self._refresh_ui()
        if getattr(self, "_shown_once", False):
            QTimer.singleShot(0, self._fit_views_readable)

    # ================================================================== construction
    def _single_shot(self, ms: int, slot: Callable[[], None] | None = None) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(ms)
        if slot is not None:
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
        self.runs.update_gradient_field()
        self.edits.refresh_inspector()
        self._update_actions()

    def _update_actions(self) -> None:
        has_sel = bool(self._selection)
        for key in ("cut", "copy", "duplicate", "delete", "group"):
            self.actions[key].setEnabled(has_sel)
        self.actions["set_root"].setEnabled(len(self._selection) == 1)
        self.actions["backward"].setEnabled(self.document.root is not None)
        self.actions["train_step"].setEnabled(self.document.root is not None)

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

    # ================================================================== edits (all via commands)
    def push(self, command) -> bool:
        return self.undo_stack.push_command(command)

    # ================================================================== delegation
    # The window's behaviour lives in its controllers; these names stay on the window because
    # tests, extensions and the launcher call them (one line each, see explorer.view.window).
    # files (explorer.view.window.files)
    new_document = _to("files", "new_document")
    open_dialog = _to("files", "open_dialog")
    open_path = _to("files", "open_path")
    open_example = _to("files", "open_example")
    save = _to("files", "save")
    save_as = _to("files", "save_as")
    _save_to = _to("files", "save_to")
    maybe_save = _to("files", "maybe_save")
    export_graphml = _to("files", "export_graphml")
    dialog_folder = _to("files", "dialog_folder")
    _replace_document = _to("files", "replace_document")
    # recovery (explorer.view.window.autosave)
    autosave_now = _to("autosave", "autosave_now")
    recovery_path = _to("autosave", "recovery_path")
    clean_stale_temp_files = _to("autosave", "clean_stale_temp_files")
    offer_recovery = _to("autosave", "offer_recovery")
    restore_recovery = _to("autosave", "restore_recovery")
    # running (explorer.view.window.runs)
    set_auto_run = _to("runs", "set_auto_run")
    run_forward = _to("runs", "run_forward")
    run_backward = _to("runs", "run_backward")
    zero_grad = _to("runs", "zero_grad")
    train_step = _to("runs", "train_step")
    _show_result = _to("runs", "show_result")
    # the Code dock and programs (explorer.view.window.script_sync)
    apply_script = _to("scripts", "apply_script")
    run_program_text = _to("scripts", "run_program_text")
    refresh_script = _to("scripts", "refresh_script")
    copy_torch_script = _to("scripts", "copy_torch_script")
    # view mode, fitting, theme and font (explorer.view.window.view_mode)
    set_view_mode = _to("views", "set_view_mode")
    set_theme = _to("views", "set_theme")
    set_font_scale = _to("views", "set_font_scale")
    fit_views = _to("views", "fit_views")
    _shows_whole_graph = _to("views", "shows_whole_graph")
    _side_sizes = _to("views", "side_sizes")
    _resplit = _to("views", "resplit")
    # edits and selection (explorer.view.window.edits)
    add_node = _to("edits", "add_node")
    cut = _to("edits", "cut")
    group_selection = _to("edits", "group_selection")
    set_root_from_selection = _to("edits", "set_root_from_selection")

    # Extensions converted to the context register there; these names find them as before.
    @property
    def plots(self):
        return self.context.extension("plots")

    @property
    def paths_controller(self):
        return self.context.extension("paths")

    @property
    def forward_mode(self):
        return self.context.extension("forward_mode")

    @property
    def _script_synced(self) -> bool:
        return self.scripts.script_synced

    @property
    def _program_frozen(self):
        return self.scripts.program_frozen

    @_program_frozen.setter
    def _program_frozen(self, frozen) -> None:   # explorer.view.program_backward links its steps
        self.scripts.program_frozen = frozen

    # Methods, not delegates: a Qt connection to a window method ends with the window (the
    # style hints and single-shot timers outlive it).
    def _system_scheme_changed(self, *_args) -> None:
        self.views.system_scheme_changed()

    def _fit_views_readable(self) -> None:
        self.views.fit_views_readable()

    # ================================================================== dialogs
    def show_shortcuts(self) -> None:
        building.show_shortcuts(self)

    def show_about(self):
        return building.show_about(self)

    tour = None

    def start_tour(self):
        """Help ▸ Getting started (explorer.view.panels.tour)."""
        return getting_started.start_tour(self)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if not getattr(self, "_shown_once", False):
            self._shown_once = True
            if not self._state_restored:
                self.views.default_dock_sizes()
            # Fit once the window has its real size (before that the views are tiny).
            QTimer.singleShot(0, self._fit_views_readable)

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
        self.autosave.discard_recovery()
        self.save_preferences()
        self.shutdown()
        event.accept()

    def shutdown(self) -> None:
        """Stop timers and listeners so nothing calls into this window after it is gone."""
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
