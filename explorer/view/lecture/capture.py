"""What "Add current graph as slide" captures, as lecture actions: the window's graph (whole, or
as the changes from the previous slide's graph), whether forward/backward has run, the current
step of a step-through and the selected nodes; and the one-line summary of a slide's actions
shown in the slide list. Used by :mod:`authoring` (the slides dock) and the action editor.
"""
from __future__ import annotations

from explorer.model import fileformat
from explorer.model.lecture import Action, Lecture, LecturePlayer
from explorer.model.lecture_changes import graph_diff
from explorer.view.i18n import tr


def graph_after(lecture: Lecture, index: int) -> dict | None:
    """The graph slide ``index`` leaves (document data), or None when it cannot be played."""
    if not 0 <= index < len(lecture.slides) or not lecture.slides[0].loads_graph():
        return None
    try:
        player = LecturePlayer(lecture)
        player.go_to_slide(index)
        return fileformat.to_data(player.document)
    except Exception:   # a broken earlier slide: capture a full copy instead
        return None


def capture_actions(window, controller=None, base: dict | None = None) -> list[Action]:
    """The actions that rebuild what the window shows now: graph, run state, step, selection.
    With ``base`` (the previous slide's graph) the graph is stored as the changes from it."""
    doc = window.document
    data = fileformat.to_data(doc)
    if base is None:
        actions = [Action("load_graph", {"document": data})]
    else:
        change = graph_diff(base, data)
        actions = [Action("change_graph", change)] if change else []
    result = window.last_result
    stepper = controller._active_stepper() if controller is not None else None
    step = stepper.current if stepper is not None else None
    if (result is not None and result.backward_ran) or (step is not None and step.phase == "backward"):
        actions.append(Action("backward"))
    elif result is not None or step is not None:
        actions.append(Action("forward"))
    if step is not None and stepper is not None and not stepper.at_end:
        actions.append(Action("step", {"phase": step.phase, "index": step.index}))
    selected = [doc.nodes[n].name for n in window.scene.selected_ids() if n in doc.nodes]
    if selected:
        actions.append(Action("highlight", {"nodes": selected}))
    return actions


def describe_actions(actions: list[Action]) -> str:
    """One line saying what a slide does, in the interface language (action names such as
    ``forward`` and node names stay as they are: they are the file's and PyTorch's words)."""
    parts = []
    for a in actions:
        if a.do == "load_graph":
            n = len(a.args["document"].get("nodes", [])) if isinstance(a.args["document"], dict) else 0
            parts.append(tr("graph ({n} nodes)").format(n=n))
        elif a.do == "change_graph":
            n = len(a.args.get("nodes", [])) + len(a.args.get("remove_nodes", []))
            parts.append(tr("graph changes ({n} nodes)").format(n=n) if n or len(a.args) else tr("the same graph"))
        elif a.do == "load_example":
            parts.append(tr("example '{name}'").format(name=a.args["name"]))
        elif a.do == "load_script":
            parts.append(tr("script"))
        elif a.do == "step":
            index = a.args["index"]
            if a.args["phase"] == "forward":
                parts.append(tr("forward step {n}").format(n=index + 1) if index >= 0 else tr("last forward step"))
            else:
                parts.append(tr("backward step {n}").format(n=index + 1) if index >= 0 else tr("last backward step"))
        elif a.do in ("highlight", "zoom"):
            nodes = ", ".join(a.args["nodes"]) or tr("all")
            parts.append(tr("highlight {nodes}").format(nodes=nodes) if a.do == "highlight"
                         else tr("zoom {nodes}").format(nodes=nodes))
        elif a.do == "set_value":
            parts.append(f"{a.args['node']} = …")
        elif a.do == "set_requires_grad":
            parts.append(f"requires_grad({', '.join(a.args['nodes'])}) = {a.args['value']}")
        else:
            parts.append(a.do)
    return " · ".join(parts)
