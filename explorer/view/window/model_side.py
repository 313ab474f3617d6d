"""The window's second half: the document, the runner, the canvases and the controllers that act
on them (files, autosave, runs, scripts, edits), created and wired by :func:`attach`.

Start-up seam 2 of 2 (seam 1 is :mod:`explorer.view.app`, which imports only Qt and builds the
window's frame). Everything here needs numpy, networkx, the engine or the model layer, ~0.5-0.8 s
of imports; the window's frame (menus, toolbar, docks, an empty canvas, the view-mode controller)
does not, so it is painted first and this module is imported by ``MainWindow.attach_model`` right
after that first paint. The modules imported below import the model at their own top: nothing in
the window loads the model inside a function. Before :func:`attach` the window is ``not ready``;
its actions say "Still loading…" (``MainWindow._when_ready``) and these controllers are ``None``.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame

from engine.ops import OPS
from explorer.model.document import Document
from explorer.model.runner import Runner
from explorer.view import theme
from explorer.view.canvas import BackwardGraphView, GraphScene, GraphView
from explorer.view.panels.inspector import InspectorPanel
from explorer.view.panels.program_runs import PROGRAM_RUNS
from explorer.view.program_backward import ProgramBackward
from explorer.view.window import building
from explorer.view.window.autosave import AutosaveController
from explorer.view.window.constants import CANVAS_ACTIONS
from explorer.view.window.edits import EditController
from explorer.view.window.files import FileController
from explorer.view.window.runs import RunController
from explorer.view.window.script_sync import ScriptController
from explorer.view.undo_rules import MODEL_RULES


def attach(window) -> None:
    """Give ``window`` (a frame built with ``deferred=True``) its model half: the controllers, the
    document, the runner and the canvases in place of the placeholder, and every connection from
    the frame's panels and timers to them."""
    create_controllers(window)
    attach_inspector(window)
    create_canvases(window)
    wire_panels(window)
    wire_canvases(window)
    window.op_palette.populate(OPS)


def create_controllers(window) -> None:
    window.files = FileController(window)
    window.autosave = AutosaveController(window)
    window.runs = RunController(window)
    window.scripts = ScriptController(window)
    window.edits = EditController(window)


def attach_inspector(window) -> None:
    """The Inspector in its dock, in place of the frame's empty page; as wide as the font scale
    chosen at launch needs (the frame could not measure it)."""
    dock = window.docks["inspector"]
    page = dock.widget()
    window.inspector = InspectorPanel(window)
    dock.setWidget(window.inspector)
    page.deleteLater()
    if theme.font_scale != 1.0:
        window.views.widen_inspector(theme.font_scale)


def create_canvases(window) -> None:
    """The document, the runner, the forward canvas and the backward view in the splitter."""
    window.document = Document()
    window.undo_stack.attach(window.document, MODEL_RULES)
    window.program_panel.runs = PROGRAM_RUNS
    window.runner = Runner(window.document)
    window.scene = GraphScene(window.document, window.undo_stack, window)
    window.view = GraphView(window.scene)
    window.view.setObjectName("forwardView")
    window.backward_view = BackwardGraphView(window.document)
    window.backward_view.setObjectName("backwardView")
    for v in (window.view, window.backward_view):
        # A node editor pans by dragging; scroll bars only take room from the graph.
        v.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        v.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        v.setFrameShape(QFrame.Shape.NoFrame)
    window.splitter.replaceWidget(0, window.view)
    window.splitter.addWidget(window.backward_view)
    window.canvas_placeholder.hide()
    window.canvas_placeholder.deleteLater()
    window.canvas_placeholder = None


def wire_panels(window) -> None:
    """The frame's timers, menus, toolbar and docks to the controllers (they did not exist when the
    frame was built; its actions reach them through the window's delegating methods)."""
    window._run_timer.timeout.connect(window.runs.auto_run)
    window._autosave_timer.timeout.connect(window.autosave.autosave_now)
    window._script_timer.timeout.connect(window.scripts.refresh_script_if_synced)
    window.undo_stack.cleanChanged.connect(window.autosave.clean_changed)
    window.menus["recent"].aboutToShow.connect(window.files.fill_recent_menu)
    window.export_menu.aboutToShow.connect(window.files.keep_graphml_last)
    window.gradient_edit.editingFinished.connect(window.runs.gradient_edited)
    building.wire_docks(window)
    # F11 into a program's backward statement; after wire_docks: its step slot must run after
    # the scripts controller's, which freezes the graph it shows versions on.
    window.program_backward = ProgramBackward(window, window.program_panel)


def wire_canvases(window) -> None:
    """Drops and canvas shortcuts on the forward view; selection and activation signals."""
    window._drop_filter = building.DropFilter(window)
    window.view.viewport().installEventFilter(window._drop_filter)
    window.view.setAcceptDrops(True)
    window.view.viewport().setAcceptDrops(True)
    for key in CANVAS_ACTIONS:
        # Canvas edits: the shortcut works while the canvas has focus, so Delete or Ctrl+A
        # in a table or text field never deletes/selects nodes behind the user's back.
        window.actions[key].setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        window.view.addAction(window.actions[key])
    window.document.subscribe(window._on_document_event)
    window.scene.message.connect(window._refused)
    window.scene.selection_ids_changed.connect(window.edits.forward_selection_changed)
    window.backward_view.selection_ids_changed.connect(window.edits.backward_selection_changed)
    window.scene.node_activated.connect(window.edits.node_activated)
    window.scene.selection_ids_changed.connect(window.scripts.program_nodes_selected)
