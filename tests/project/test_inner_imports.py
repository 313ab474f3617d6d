"""Imports live at the top of a module (issue #18): an import inside a function hides a
dependency from the reader and from ``tools/import_graph.py``'s picture of the layers.

Two kinds are allowed, each saying so in a trailing comment on the import:

- ``# seam: ...`` -- a documented startup seam, where importing late is the point: the entry
  point's GUI/headless split (``explorer/__main__.py``), a command-line handler that loads the
  model only when its command runs (``explorer/cli/``), a view module that must paint before
  numpy loads. Say which seam.
- ``# cycle: ...`` -- the import breaks an import cycle: name the cycle and why the dependency
  cannot point one way.

Every other inner import in ``engine/`` and ``explorer/`` fails here, naming file:line, unless
it is listed in :data:`NOT_YET_MARKED` (the ones found when this test was written, to be moved
or marked). That list may only shrink: an entry whose count drops fails too, until the list
is edited to the new count (or the entry deleted). To see the table as the tree has it now::

    python tests/project/test_inner_imports.py
"""
from __future__ import annotations

import ast
import functools
import io
import tokenize
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FOLDERS = ("engine", "explorer")
MARKERS = ("seam", "cycle:")

#: Inner imports with neither marker, per ``file:function`` (methods as ``Class.method``,
#: nested functions as ``outer.inner``): the count. Shrink it as they move to the top or get
#: their ``# seam:``/``# cycle:`` comment; never grow it.
NOT_YET_MARKED: dict[str, int] = {
    "engine/_gradcheck.py:gradcheck": 2,
    "engine/_gradcheck.py:gradgradcheck": 2,
    "engine/autograd.py:_backward": 2,
    "engine/autograd.py:_reference": 1,
    "engine/autograd.py:grad": 1,
    "engine/autograd.py:_grad": 2,
    "engine/autograd.py:_VariableMeta.__instancecheck__": 1,
    "engine/autograd.py:Variable.__new__": 2,
    "engine/autograd.py:gradcheck": 1,
    "engine/autograd.py:gradgradcheck": 1,
    "engine/autograd_functional.py:_jacobian_of": 1,
    "engine/autograd_graph.py:increment_version": 1,
    "engine/autograd_graph.py:get_gradient_edge": 1,
    "engine/backward_fast.py:backward_steps": 1,
    "engine/backward_support.py:_root_grads": 1,
    "engine/backward_support.py:_graph_root_grads": 1,
    "engine/backward_support.py:_wrap_list": 1,
    "engine/backward_support.py:_unwrap": 1,
    "engine/backward_support.py:_run_tensor_hooks": 1,
    "engine/backward_support.py:_retain_grad": 1,
    "engine/backward_support.py:_accumulate": 1,
    "engine/forward_ad.py:unpack_dual": 1,
    "engine/forward_ad.py:_jvp": 1,
    "engine/func.py:_alias": 1,
    "engine/function.py:_custom_op": 1,
    "engine/graph.py:Node.__call__": 1,
    "engine/graph.py:Node._saved": 1,
    "engine/graph.py:_raise_modified": 1,
    "engine/graph_rules_api.py:_masked_scatter_src": 1,
    "engine/graph_rules_api.py:_solve_b": 1,
    "engine/graph_rules_api.py:_solve_a": 2,
    "engine/graph_rules_api.py:_einsum_back.rule": 1,
    "engine/graph_rules_api.py:_min_norm_back": 1,
    "engine/higher_order.py:_unsort_key": 1,
    "engine/higher_order.py:_nll": 1,
    "engine/higher_order.py:_run_custom": 2,
    "engine/joins.py:_op": 1,
    "engine/limits.py:tensor_budget.__call__": 1,
    "engine/linalg.py:inv_ex": 1,
    "engine/linalg.py:matrix_rank": 1,
    "engine/linalg_decomp.py:lstsq": 1,
    "engine/lr_scheduler.py:MultiStepLR._get_closed_form_lr": 1,
    "engine/models/resnet.py:resnet18": 1,
    "engine/models/resnet.py:small_resnet": 1,
    "engine/multi_view.py:MultiViewNode.graph_apply": 2,
    "engine/nn/attention_norm.py:scaled_dot_product_attention": 1,
    "engine/nn/graph_rules.py:_mish": 1,
    "engine/nn/graph_rules.py:_nll_ext": 1,
    "engine/nn/graph_rules.py:_bce_logits.rule": 1,
    "engine/nn/losses_margin.py:multilabel_soft_margin_loss": 1,
    "engine/nn/losses_margin.py:_install_graph_rules": 1,
    "engine/nn/losses_more.py:_ops_where": 1,
    "engine/nn/losses_more.py:triplet_margin_loss": 1,
    "engine/nn/utils.py:parameters_to_vector": 1,
    "engine/nn_ops.py:_conv_compose": 1,
    "engine/nn_ops.py:_adaptive_compose": 1,
    "engine/nn_ops.py:check_running_stats": 1,
    "engine/nn_ops.py:register_graph_vjps": 1,
    "engine/nn_ops.py:_bn_graph_parts": 1,
    "engine/ops.py:_sort": 1,
    "engine/ops_create.py:is_grad_enabled": 1,
    "engine/ops_index.py:_broadcast": 1,
    "engine/ops_index.py:_install": 1,
    "engine/ops_reduce.py:_stat_mean": 1,
    "engine/ops_reduce.py:diff": 1,
    "engine/ops_reshape.py:repeat_interleave": 1,
    "engine/ops_reshape.py:broadcast_shapes": 1,
    "engine/ops_reshape.py:_reshape_inplace": 1,
    "engine/ops_reshape.py:_fill_diagonal_": 3,
    "engine/ops_search.py:_reduce_parts": 1,
    "engine/ops_search.py:_scatter_reduce_graph.rule": 1,
    "engine/optim_more.py:LBFGS.step": 1,
    "engine/tensor.py:VersionCounter.version_at": 1,
    "engine/tensor.py:_share_view": 1,
    "engine/tensor.py:Tensor.to": 1,
    "engine/tensor.py:Tensor.clone": 1,
    "engine/tensor.py:Tensor.T": 1,
    "engine/tensor.py:_arange_length": 1,
    "engine/utils/data.py:default_collate": 1,
    "engine/view_inplace.py:_opdef": 1,
    "engine/view_inplace.py:CopySlices.graph_apply": 1,
    "engine/view_inplace.py:AsStridedBackward0.graph_apply": 1,
    "explorer/model/program/cli.py:_print_modules": 1,
    "explorer/model/program/cli.py:runs_as_program": 1,
    "explorer/model/program/freeze.py:short_names": 1,
    "explorer/model/program/run.py:Run.get_attr": 1,
    "explorer/model/program/run.py:Run.call_method": 1,
    "explorer/model/program/run.py:tensor_report": 1,
    "explorer/view/app.py:create_window": 1,
    "explorer/view/app.py:finish_startup": 1,
    "explorer/view/app.py:app_icon": 1,
    "explorer/view/app.py:main": 2,
    "explorer/view/canvas/card_metrics.py:op_info": 1,
    "explorer/view/canvas/paths.py:PathsItem.remove_from": 1,
    "explorer/view/canvas/search.py:entries": 2,
    "explorer/view/canvas/search.py:SearchPopup._filter": 1,
    "explorer/view/desktop.py:_refresh": 1,
    "explorer/view/forward_mode.py:ForwardModeController.set_tangent_text": 1,
    "explorer/view/forward_mode.py:ForwardModeController._sync_bar": 1,
    "explorer/view/lecture/framing.py:_centre_showing": 1,
    "explorer/view/lecture/keys.py:LectureKeys.eventFilter": 1,
    "explorer/view/lecture/keys.py:LectureKeys.handle_key": 2,
    "explorer/view/lecture/retranslate.py:_NewWindows._focus_changed": 1,
    "explorer/view/lecture/retranslate.py:translate_new_windows": 1,
    "explorer/view/lecture/slide_preview.py:SlideRenderer.__init__": 3,
    "explorer/view/lecture/slide_preview.py:SlideRenderer.render": 1,
    "explorer/view/main_window.py:MainWindow.__init__": 2,
    "explorer/view/main_window.py:MainWindow.attach_model": 3,
    "explorer/view/main_window.py:MainWindow.start_tour": 1,
    "explorer/view/main_window.py:MainWindow.shutdown": 1,
    "explorer/view/panels/inspector.py:_table_shape": 1,
    "explorer/view/panels/inspector.py:_row_labels": 1,
    "explorer/view/panels/inspector.py:TensorTable.show_array": 2,
    "explorer/view/panels/inspector.py:TensorTable._item_changed": 2,
    "explorer/view/panels/inspector.py:InspectorPanel.show_node": 1,
    "explorer/view/panels/inspector.py:InspectorPanel._show_summary": 2,
    "explorer/view/panels/inspector.py:InspectorPanel._op_text": 1,
    "explorer/view/panels/inspector.py:InspectorPanel._build_params": 1,
    "explorer/view/panels/inspector.py:_literal": 1,
    "explorer/view/panels/inspector.py:_is_required": 1,
    "explorer/view/panels/literals.py:parse_array": 1,
    "explorer/view/panels/literals.py:literal_text": 1,
    "explorer/view/panels/palette.py:PalettePanel.populate": 2,
    "explorer/view/panels/palette.py:PalettePanel.refresh_theme": 1,
    "explorer/view/panels/program_panel.py:error_text": 1,
    "explorer/view/panels/program_panel.py:window_budget": 1,
    "explorer/view/panels/program_panel.py:_Worker.run": 1,
    "explorer/view/panels/program_panel.py:ProgramPanel.run": 1,
    "explorer/view/panels/program_panel.py:ProgramPanel._done": 1,
    "explorer/view/panels/program_panel.py:_fixed_font": 1,
    "explorer/view/panels/tour.py:offer_on_first_start": 1,
    "explorer/view/plots/__init__.py:load_pyqtgraph": 2,
    "explorer/view/plots/base.py:PlotPanel.export_png": 1,
    "explorer/view/plots/base.py:PlotPanel.export_svg": 1,
    "explorer/view/plots/hooks.py:PlotsExtension._dock_visible": 1,
    "explorer/view/plots/hooks.py:PlotsExtension.open_slope": 1,
    "explorer/view/plots/hooks.py:PlotsExtension.open_training": 1,
    "explorer/view/plots/hooks.py:PlotsExtension._trained": 1,
    "explorer/view/plots/hooks.py:PlotsExtension.open_tensor": 1,
    "explorer/view/plots/training.py:TrainingPanel.start": 1,
    "explorer/view/plots/training.py:TrainingPanel._end": 1,
    "explorer/view/program_backward.py:ProgramBackward.__init__": 1,
    "explorer/view/program_backward.py:ProgramBackward._is_backward": 1,
    "explorer/view/program_backward.py:ProgramBackward.enter": 4,
    "explorer/view/recovery.py:default_directory": 2,
    "explorer/view/recovery.py:_escape": 1,
    "explorer/view/undo.py:_is_refusal": 1,
    "explorer/view/undo.py:UndoStack.held_bytes": 1,
    "explorer/view/undo.py:UndoStack._trim_to_budget": 1,
    "explorer/view/window/autosave.py:AutosaveController.autosave_now": 1,
    "explorer/view/window/autosave.py:AutosaveController.restore_recovery": 1,
    "explorer/view/window/building.py:CanvasPlaceholder.paintEvent": 2,
    "explorer/view/window/building.py:build_docks": 1,
    "explorer/view/window/edits.py:EditController.add_node": 1,
    "explorer/view/window/edits.py:EditController.rename_node": 1,
    "explorer/view/window/edits.py:EditController.set_value": 1,
    "explorer/view/window/edits.py:EditController.set_param": 1,
    "explorer/view/window/edits.py:EditController.set_requires_grad": 1,
    "explorer/view/window/edits.py:EditController.set_root": 1,
    "explorer/view/window/files.py:FileController.new_document": 1,
    "explorer/view/window/files.py:FileController.save_to": 2,
    "explorer/view/window/files.py:FileController.export_graphml": 1,
    "explorer/view/window/files.py:load_file": 1,
    "explorer/view/window/files.py:_ensure_positions": 1,
    "explorer/view/window/runs.py:RunController.auto_run": 1,
    "explorer/view/window/runs.py:RunController.use_default_gradient": 2,
    "explorer/view/window/runs.py:RunController.train_step": 3,
    "explorer/view/window/runs.py:RunController.report_run": 2,
    "explorer/view/window/runs.py:RunController.root_shape": 1,
    "explorer/view/window/runs.py:RunController.update_gradient_field": 1,
    "explorer/view/window/runs.py:RunController.gradient_edited": 2,
    "explorer/view/window/script_sync.py:ScriptController.apply_script": 2,
    "explorer/view/window/script_sync.py:ScriptController.prints_as": 1,
    "explorer/view/window/script_sync.py:ScriptController.run_program_text": 1,
    "explorer/view/window/script_sync.py:ScriptController.program_step": 1,
    "explorer/view/window/script_sync.py:ScriptController.place_step_graph": 2,
    "explorer/view/window/script_sync.py:ScriptController.program_edit": 2,
    "explorer/view/window/script_sync.py:ScriptController.place_like_current": 2,
    "explorer/view/window/script_sync.py:ScriptController.refresh_script": 1,
    "explorer/view/window/script_sync.py:ScriptController.copy_torch_script": 1,
    "explorer/view/window/view_mode.py:ViewModeController.set_view_mode": 1,
    "explorer/view/window/view_mode.py:ViewModeController.resplit": 1,
    "explorer/view/window/view_mode.py:ViewModeController.side_sizes": 2,
    "explorer/view/window/view_mode.py:ViewModeController.set_theme": 1,
    "explorer/view/window/view_mode.py:ViewModeController.set_font_scale": 2,
    "explorer/view/window/view_mode.py:ViewModeController.widen_inspector": 1,
}


def _comments(source: str) -> dict[int, str]:
    """The comment on each line that has one."""
    out: dict[int, str] = {}
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.COMMENT:
            out[tok.start[0]] = tok.string
    return out


def inner_imports(source: str, filename: str = "<source>") -> list[tuple[str, int, bool]]:
    """``(function, line, marked)`` for every import inside a function of ``source``: marked
    when a comment on one of the statement's lines holds ``seam`` or ``cycle:``."""
    found: list[tuple[str, ast.stmt]] = []

    def visit(node: ast.AST, scope: str, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                name = f"{scope}.{child.name}" if scope else child.name
                visit(child, name, in_function or not isinstance(child, ast.ClassDef))
            elif isinstance(child, (ast.Import, ast.ImportFrom)) and in_function:
                found.append((scope, child))
            else:
                visit(child, scope, in_function)

    visit(ast.parse(source, filename), "", False)
    if not found:
        return []
    comments = _comments(source)   # tokenizing is the slow part: only where there are some
    out = []
    for scope, node in found:
        text = " ".join(comments.get(line, "") for line in range(node.lineno, node.end_lineno + 1))
        out.append((scope, node.lineno, any(m in text for m in MARKERS)))
    return out


@functools.lru_cache(maxsize=1)
def unmarked(root: Path = ROOT) -> tuple[Counter, dict[str, list[int]]]:
    """Unmarked inner imports in the tree: the count per ``file:function`` and their lines."""
    counts: Counter = Counter()
    lines: dict[str, list[int]] = {}
    for folder in FOLDERS:
        for path in sorted((root / folder).rglob("*.py")):
            if "__pycache__" in path.parts:
                continue
            rel = path.relative_to(root).as_posix()
            for function, line, marked in inner_imports(path.read_text(encoding="utf-8"), rel):
                if not marked:
                    key = f"{rel}:{function}"
                    counts[key] += 1
                    lines.setdefault(key, []).append(line)
    return counts, lines


def test_every_inner_import_is_a_marked_seam_or_cycle_or_still_listed():
    counts, lines = unmarked()
    new = []
    for key in sorted(counts):
        listed = NOT_YET_MARKED.get(key, 0)
        if counts[key] > listed:
            path, function = key.split(":")
            where = ", ".join(f"{path}:{line}" for line in lines[key])
            new.append(f"{where} (in {function}: {counts[key]} unmarked, {listed} listed)")
    assert not new, ("imports inside functions without a '# seam: ...' or '# cycle: ...' comment "
                     "(move them to the module's top, or say which seam / which cycle):\n  "
                     + "\n  ".join(new))


def test_the_list_of_unmarked_imports_only_shrinks():
    counts, _ = unmarked()
    stale = [f'"{key}": {listed} -> {counts.get(key, 0) or "delete the entry"}'
             for key, listed in sorted(NOT_YET_MARKED.items()) if counts.get(key, 0) < listed]
    assert not stale, ("these inner imports were moved or marked: shrink NOT_YET_MARKED in "
                       "tests/project/test_inner_imports.py:\n  " + "\n  ".join(stale))


def test_the_scanner_tells_marked_from_unmarked_imports():
    source = '''
import os

def f():
    import json
    from a import (b,
                   c)  # cycle: a -> here -> a, a's registry calls f
    return json

class K:
    import typing   # a class body is not a function

    def m(self):
        def inner():
            from x import y  # seam: CLI command
            import z
        return inner
'''
    assert inner_imports(source) == [("f", 5, False), ("f", 6, True), ("K.m.inner", 15, True),
                                     ("K.m.inner", 16, False)]


if __name__ == "__main__":   # the table as the tree has it now, to paste over NOT_YET_MARKED
    found, at = unmarked()
    print("NOT_YET_MARKED: dict[str, int] = {")
    for key in sorted(found, key=lambda k: (k.split(":")[0], min(at[k]))):
        print(f'    "{key}": {found[key]},')
    print("}")
