"""The Code dock and the graph: Apply (a script becomes the graph), From graph (the graph
printed as a script, following edits until the user types), Copy torch, and programs: run in
the Output dock and stepped statement by statement with the graph alive at each step."""
from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication

from explorer.model.document import Document
from explorer.model.language import ScriptError, parse_script, to_script, to_torch_script
from explorer.model.layout import layered_layout
from explorer.model.messages import Message
from explorer.model.module_groups import apply_module_layout, carry_module_layout, has_modules
from explorer.model.program.freeze import FreezeError, freeze_program
from explorer.view.i18n import tr, tr_message
from explorer.view.panels.program_panel import StepGraphCommand, error_text, is_program
from explorer.view.panels.program_runs import window_budget
from explorer.view.script_program import program_text
from explorer.view.undo import ReplaceDocumentCommand
from explorer.view.window.constants import SCRIPT_MAX_NUMBERS



class ScriptController:
    """Keeps the Code dock and the canvas in step; runs and steps programs.

    Uses only the window's code editor, program panel, Output dock, document, scene, view,
    messages and ``push`` (every change an undo step), and ``runs`` after a program ends."""

    def __init__(self, window) -> None:
        self.window = window
        self.script_synced = True   # the script follows the graph until the user types in it
        self.program_frozen = None  # the graph shown for the current step (freeze.Frozen)

    def apply_script(self, source: str) -> bool:
        """Build the graph from a script; one undoable step. Errors are underlined, nothing changes.
        A program (it imports torch) is also run: its output goes to the Output dock."""
        if is_program(source):
            return self.run_program_text(source)
        if (as_program := program_text(source)) is not None:  # print() shows in the Output dock
            return self.run_program_text(source, run_as=as_program)
        try:
            new_doc = parse_script(source)
        except ScriptError as exc:
            # ScriptError positions are 1-based (line and column; end_col exclusive).
            line, col = getattr(exc, "line", None), getattr(exc, "col", None)
            message = tr_message(getattr(exc, "message", None) or str(exc))
            self.window.code_editor.show_error(message, line, col, getattr(exc, "end_line", None),
                                               getattr(exc, "end_col", None))
            where = tr(" (line {line}, column {col})").format(line=line, col=col or 1) if line else ""
            self.window.messages.warning(tr("script{where}: {message}").format(where=where, message=message))
            return False
        except Exception as exc:
            self.window.runs.internal_error(tr("reading the script"), exc)
            return False
        self.place_like_current(new_doc)
        if not self.window.push(ReplaceDocumentCommand(new_doc, Message("Apply script"))):
            return False
        self.script_synced = self.prints_as(source, new_doc)
        self.window.code_editor.mark_applied()
        self.window.code_editor.show_info(tr("Built {count} nodes from the script").format(count=len(new_doc.nodes)))
        self.window.messages.info(tr("Applied the script: {count} nodes").format(count=len(new_doc.nodes)))
        QTimer.singleShot(0, self.window.view.fit_all)
        return True

    @staticmethod
    def prints_as(source: str, doc) -> bool:
        """Whether the graph prints back as exactly this text. Only then does the script go on
        following the graph: otherwise Apply would replace the user's text (comments, print(),
        external_grad = ...) with the graph's own printing a moment later."""
        try:
            return to_script(doc).strip() == source.strip()
        except Exception:  # noqa: BLE001 - keeping the user's text is the safe side
            return False

    def run_program_text(self, source: str, run_as: str | None = None) -> bool:
        """Run a program in the Output dock; a straight-line one also becomes the graph
        (today's round trip), anything else leaves the graph as it is. ``run_as``: the text the
        runner gets instead (a script without imports, its names imported; see script_program)."""
        if self.window.program_panel.is_running():
            self.window.messages.warning(tr("A program is still running: Stop it first"))
            return False
        built = None
        try:
            try:
                built = parse_script(source)
            except ScriptError:
                built = None  # loops, functions, ...: runs, but is no straight-line graph
        except Exception as exc:
            self.window.runs.internal_error(tr("reading the script"), exc)
        if built is not None and len(built.nodes):
            self.place_like_current(built)
            if self.window.push(ReplaceDocumentCommand(built, Message("Apply script"))):
                self.script_synced = self.prints_as(source, built)
                QTimer.singleShot(0, self.window.view.fit_all)
        self.window.code_editor.mark_applied()
        self.window.code_editor.show_info(tr("Running the program…"))
        self.window.docks["output"].show()
        self.window.docks["output"].raise_()
        # A straight-line program (it became the graph) has no loop to wait for: it runs at
        # once, so the graph's own run never waits for it.
        return self.window.program_panel.run(run_as or source,
                                             wait=built is not None and len(built.nodes) > 0)

    def program_finished(self, result) -> None:
        self.window.code_editor.apply_button.setEnabled(True)
        if self.window.runs.run_after_program:
            self.window.runs.run_after_program = False
            self.window.runs.auto_run()
        if result.error and result.error_line and result.error_kind != "cancelled":
            self.window.code_editor.show_line_error(error_text(result), result.error_line)
            self.window.messages.warning(tr("program: {error}").format(error=error_text(result)))
        elif result.error:
            self.window.code_editor.show_info(error_text(result))
        else:
            self.window.code_editor.show_info(tr("The program ran: {count} statements").format(
                count=f"{len(result.trace.statements):,}" if result.trace else "0"))

    def program_step(self, step: int) -> None:
        """Show the graph alive after statement ``step`` and highlight its line."""
        panel = self.window.program_panel
        if panel.cursor is None:
            return
        line, _depth, _iters = panel.cursor.statements[step]
        first = self.program_frozen is None
        try:
            frozen = freeze_program(panel.source, step, window_budget(), lenient=True,
                                    base_dir=panel.folder())
        except FreezeError as exc:
            frozen, note = None, tr_message(str(exc))
        else:
            reasons: dict[str, list[str]] = {}
            for name, why in frozen.skipped.items():
                reasons.setdefault(why, []).append(name)
            note = "; ".join(f"{', '.join(names)} ({tr_message(why)})" for why, names in reasons.items())
        self.program_frozen = frozen
        if frozen is not None:
            self.place_step_graph(frozen.document)
            self.window.push(StepGraphCommand(frozen.document, "Show the program's graph"))
            if first:
                QTimer.singleShot(0, self.window.view.fit_all)
        self.window.code_editor.set_step_lines(line)
        where = tr("line {line} just ran · statement {k} of {n}").format(
            line=line, k=f"{step + 1:,}", n=f"{len(panel.cursor.statements):,}")
        if panel.result is not None and panel.result.notes:
            # the graph is rebuilt by running the program again up to the step
            where += " — " + tr("random values are drawn again for this view unless the "
                                "program calls torch.manual_seed")
        panel.where.setText(where + (f" — {tr('not shown')}: {note}" if note else ""))

    def place_step_graph(self, new_doc: Document) -> None:
        """The same names as on the canvas (a loop's next pass): same places, so only the
        numbers change; another graph: laid out afresh (kept places would overlap new nodes)."""
        old = {n.name: n.pos for n in self.window.document.nodes.values()}
        if has_modules(new_doc) and not carry_module_layout(self.window.document, new_doc):
            apply_module_layout(new_doc)   # nn.Modules: collapsed cards get their places
            QTimer.singleShot(0, self.window.view.fit_readable)
            return
        if {n.name for n in new_doc.nodes.values()} == set(old):
            for node in new_doc.nodes.values():
                node.pos = tuple(old[node.name])
            return
        for nid, pos in layered_layout(new_doc).items():
            new_doc.nodes[nid].pos = pos
        QTimer.singleShot(0, self.window.view.fit_all)

    def program_edit(self) -> None:
        """"Edit this graph": the graph at the cursor (or at the end) as an ordinary document."""
        panel = self.window.program_panel
        step = panel.cursor.step if panel.cursor is not None else None
        try:
            frozen = freeze_program(panel.source, step, window_budget(), lenient=True,
                                    base_dir=panel.folder())
        except FreezeError as exc:
            self.window.messages.warning(tr("Edit this graph: {error}").format(error=exc))
            return
        self.place_like_current(frozen.document)
        if self.window.push(ReplaceDocumentCommand(frozen.document, Message("Edit this graph"))):
            panel.end_stepping()
            self.program_frozen = None
            self.window.code_editor.set_step_lines(None)
            self.window.messages.info(tr("The program's graph is now an editable graph: {count} nodes")
                                      .format(count=len(frozen.document.nodes)))
            # module cards open at a readable zoom (a whole ResNet fitted is text-less boxes);
            # imported here: the window paints before the model layer (numpy, networkx) loads
            view = self.window.view
            QTimer.singleShot(0, view.fit_readable if has_modules(frozen.document) else view.fit_all)

    def program_text_changed(self) -> None:
        panel = self.window.program_panel
        if panel.cursor is not None and self.window.code_editor.text() != panel.source:
            panel.end_stepping()  # the recorded run no longer matches the text
            self.program_frozen = None
            self.window.code_editor.set_step_lines(None)

    def program_line_clicked(self) -> None:
        """Clicking a line while stepping selects the nodes that line made."""
        frozen = self.program_frozen
        if frozen is None or self.window.program_panel.cursor is None:
            return
        line = self.window.code_editor.editor.textCursor().blockNumber() + 1
        ids = [nid for nid, ln in frozen.lines.items() if ln == line and nid in self.window.document.nodes]
        self.window.scene.select_ids(ids)

    def program_nodes_selected(self, ids: list) -> None:
        """Selecting nodes while stepping highlights the lines that made them."""
        frozen = self.program_frozen
        if frozen is None or self.window.program_panel.cursor is None:
            return
        self.window.code_editor.set_step_lines(self.window.program_panel.cursor.line(),
                                               [frozen.lines[i] for i in ids if i in frozen.lines])

    def place_like_current(self, new_doc: Document) -> None:
        """Nodes whose names survive keep their place; the others are laid out around them."""
        if has_modules(new_doc):
            apply_module_layout(new_doc)   # nn.Modules: collapsed cards get their places
            return
        old = {n.name: n.pos for n in self.window.document.nodes.values()}
        kept = []
        for node in new_doc.nodes.values():
            if node.name in old:
                node.pos = tuple(old[node.name])
                kept.append(node.id)
        if len(kept) < len(new_doc.nodes):
            for nid, pos in layered_layout(new_doc, keep=kept).items():
                new_doc.nodes[nid].pos = pos

    def refresh_script(self) -> None:
        numbers = sum(n.value.size for n in self.window.document.nodes.values() if n.value is not None)
        if numbers > SCRIPT_MAX_NUMBERS:  # a ResNet's 11.7 M weights are no script to read
            self.window.code_editor.set_script(tr("# this graph holds {count} numbers: too many to print as a script")
                                               .format(count=f"{numbers:,}"))
            self.script_synced = True
            return
        try:
            text = to_script(self.window.document)
        except Exception as exc:
            self.window.runs.internal_error(tr("printing the graph as a script"), exc)
            return
        self.window.code_editor.set_script(text)
        self.script_synced = True

    def copy_torch_script(self) -> None:
        try:
            text = to_torch_script(self.window.document)
        except Exception as exc:
            self.window.runs.internal_error(tr("printing the graph as PyTorch code"), exc)
            return
        QGuiApplication.clipboard().setText(text)
        self.window.messages.info(tr("Copied the graph as a runnable PyTorch script"))

    def script_edited(self) -> None:
        if self.window.code_editor.is_edited():
            self.script_synced = False

    def refresh_script_if_synced(self) -> None:
        # The script follows the graph until the user types in it.
        if self.script_synced and self.window.docks["code"].isVisible():
            self.refresh_script()
