"""Which ``nn.Module`` made which op: module groups for a frozen program graph.

While a program runs for freezing, :class:`ModuleRecorder` listens to the engine's global
module hooks (torch's ``register_module_forward_pre_hook``/``register_module_forward_hook``).
When a module's forward returns, the autograd nodes made during it are claimed for it: the walk
goes back from the output through ``next_functions`` and stops at the inputs' own nodes (and
anything older than them). Inner modules return first, so every op belongs to the innermost
module whose forward made it (the tag lives in the node's public ``metadata`` dict, so it goes
when the node goes).

:func:`module_groups` then turns the claims into nested document groups named by module path
(``model.layer1.0.conv1``), each holding its ops and its own parameters, with the class name,
parameter count and output shape the canvas card shows.

A module whose parameters were all frozen records no graph at all (as in torch: no op needs a
gradient). So that the canvas can still show the frozen backbone, greyed, beside the branch
that trains, :func:`structure_outputs` calls such a top-level module once more on the inputs of
its last call with every parameter temporarily requiring grad, and the builder uses that graph
in place of the program's; the leaves keep the flags the program gave them.
"""
from __future__ import annotations

import threading
from typing import Any

import engine
from explorer.model.document import Group

#: Module groups below the top level open collapsed when the graph has more ops than this.
COLLAPSE_FROM_OPS = 40


def _tensors(value: Any) -> list:
    if isinstance(value, engine.Tensor):
        return [value]
    if isinstance(value, (list, tuple)):
        return [t for v in value for t in _tensors(v)]
    if isinstance(value, dict):
        return [t for v in value.values() for t in _tensors(v)]
    return []


#: The key a recorder writes into ``grad_fn.metadata`` (torch's public per-node dict).
META_KEY = "autograd_explorer.module_call"


class ModuleRecorder:
    """A context manager recording module calls made by this thread (see the module docstring).

    Each call gets a number; a node made during it is tagged ``metadata[META_KEY] = (call,
    module)`` when the call returns. Walking back from an output, a node tagged by a later call
    (one nested inside this one) is walked through, a node tagged by an earlier call, or one of
    the inputs' own nodes, ends the walk: it existed before this call began."""

    def __init__(self) -> None:
        self.thread = threading.get_ident()
        self.stack: list[tuple[int, set[int]]] = []
        self.calls = 0
        self.shapes: dict[int, tuple[int, ...]] = {}   # id(module) -> output shape (last call)
        self.top_calls: dict[int, tuple[Any, tuple, Any]] = {}  # id(module) -> (module, args, out)
        self._handles: list = []

    def __enter__(self) -> "ModuleRecorder":
        hooks = engine.nn.modules
        self._handles = [hooks.register_module_forward_pre_hook(self._pre),
                         hooks.register_module_forward_hook(self._post)]
        return self

    def __exit__(self, *exc) -> None:
        for handle in self._handles:
            handle.remove()
        self._handles = []

    def _pre(self, module: Any, args: tuple) -> None:
        if threading.get_ident() != self.thread:
            return
        self.calls += 1
        self.stack.append((self.calls, {id(t.grad_fn) for t in _tensors(args) if t.grad_fn is not None}))

    def _post(self, module: Any, args: tuple, out: Any) -> None:
        if threading.get_ident() != self.thread or not self.stack:
            return
        call, boundary = self.stack.pop()
        outs = _tensors(out)
        if outs:
            self.shapes[id(module)] = tuple(outs[0].shape)
        todo = [t.grad_fn for t in outs if t.grad_fn is not None]
        seen: set[int] = set()
        while todo:
            fn = todo.pop()
            if id(fn) in seen or id(fn) in boundary or isinstance(fn, engine.autograd.AccumulateGrad):
                continue
            seen.add(id(fn))
            tag = fn.metadata.get(META_KEY)
            if tag is None:
                fn.metadata[META_KEY] = (call, module)
            elif tag[0] < call:
                continue   # made before this call began
            todo.extend(nxt for nxt, _ in fn.next_functions if nxt is not None)
        if not self.stack:
            self.top_calls[id(module)] = (module, args, out)

    @staticmethod
    def module_of(fn: Any) -> Any:
        tag = fn.metadata.get(META_KEY)
        return tag[1] if tag is not None else None


def module_paths(names: dict) -> dict[int, tuple[str, Any]]:
    """``id(module) -> (path, module)`` for every module reachable from the program's names."""
    out: dict[int, tuple[str, Any]] = {}
    for name, value in names.items():
        if isinstance(value, engine.nn.Module):
            for path, m in value.named_modules(prefix=name):
                out.setdefault(id(m), (path, m))
    return out


def structure_outputs(recorder: ModuleRecorder, names: dict) -> list[tuple[Any, Any]]:
    """``(program output, stand-in output)`` pairs for top-level modules with frozen
    parameters: the stand-in's graph reaches every op of the forward (see the docstring)."""
    pairs = []
    tops = {id(v) for v in names.values() if isinstance(v, engine.nn.Module)}
    for key, (module, args, out) in list(recorder.top_calls.items()):
        params = list(module.parameters())
        if key not in tops or all(p.requires_grad for p in params) or not isinstance(out, engine.Tensor):
            continue
        flags = [p.requires_grad for p in params]
        try:
            with recorder, engine.enable_grad():
                for p in params:
                    p.requires_grad_(True)
                again = module(*args)
        except Exception:  # noqa: BLE001 - a program-defined forward cannot run again here
            continue
        finally:
            for p, flag in zip(params, flags):
                p.requires_grad_(flag)
        if isinstance(again, engine.Tensor) and again.grad_fn is not None:
            pairs.append((out, again))
    return pairs


def adopt_constants(groups: list[Group], nodes: list, edges: list) -> None:
    """A constant used only inside one module (batch norm's running statistics, a padding
    value) joins that module's group, so a collapsed card hides it too."""
    owner = {m: i for i, g in enumerate(groups) for m in g.members}
    users: dict[str, set] = {}
    for e in edges:
        users.setdefault(e.src, set()).add(owner.get(e.dst))
    for node in nodes:
        used = users.get(node.id)
        if node.kind == "const" and node.id not in owner and used and len(used) == 1 and None not in used:
            i = next(iter(used))
            groups[i].members = (*groups[i].members, node.id)


def module_groups(recorder: ModuleRecorder, names: dict, fn_nodes: dict[int, tuple[Any, str]],
                  tensor_nodes: dict[int, tuple[Any, str]], op_count: int) -> list[Group]:
    """Nested groups, one per module that has nodes in the document (see the docstring).
    ``fn_nodes``/``tensor_nodes``: the builder's ``id(grad_fn)``/``id(tensor)`` -> node id."""
    paths = module_paths(names)
    members: dict[int, list[str]] = {}
    for fn, nid in fn_nodes.values():
        module = recorder.module_of(fn)
        if module is not None and id(module) in paths:
            members.setdefault(id(module), []).append(nid)
    claimed: set[str] = set()   # a tied weight belongs to the first module that has it
    for key, (path, module) in paths.items():
        for _pname, p in module.named_parameters(recurse=False):
            hit = tensor_nodes.get(id(p))
            if hit is not None and hit[0] is p and hit[1] not in claimed:
                claimed.add(hit[1])
                members.setdefault(key, []).append(hit[1])
    # a module's group is kept when it or any module inside it has nodes
    by_path = {path: key for key, (path, _m) in paths.items()}
    kept: set[int] = set()
    for key in members:
        path = paths[key][0]
        parts = path.split(".")
        for i in range(1, len(parts) + 1):
            up = by_path.get(".".join(parts[:i]))
            if up is not None:
                kept.add(up)
    collapse = op_count > COLLAPSE_FROM_OPS
    groups: list[Group] = []
    ids: dict[int, str] = {}
    for key, (path, module) in paths.items():  # named_modules order: parents first
        if key not in kept:
            continue
        gid = f"g{len(ids) + 1}"
        ids[key] = gid
        parent_path = path.rpartition(".")[0]
        parent = ids.get(by_path.get(parent_path, -1)) if parent_path else None
        seen: set[str] = set()
        own = [m for m in members.get(key, ()) if not (m in seen or seen.add(m))]
        groups.append(Group(gid, path[:80], tuple(own), parent=parent,
                            collapsed=collapse and parent is not None,
                            module=type(module).__name__,
                            param_count=sum(p.numel() for p in module.parameters()),
                            shape=recorder.shapes.get(key)))
    return groups
