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
        # call number -> (module, enclosing call or None, output shape or None)
        self.call_info: dict[int, tuple[Any, int | None, tuple | None]] = {}
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
        self.call_info[self.calls] = (module, self.stack[-1][0] if self.stack else None, None)
        self.stack.append((self.calls, {id(t.grad_fn) for t in _tensors(args) if t.grad_fn is not None}))

    def _post(self, module: Any, args: tuple, out: Any) -> None:
        if threading.get_ident() != self.thread or not self.stack:
            return
        call, boundary = self.stack.pop()
        outs = _tensors(out)
        if outs:
            m, parent, _ = self.call_info[call]
            self.call_info[call] = (m, parent, tuple(outs[0].shape))
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
    def call_of(fn: Any) -> int | None:
        tag = fn.metadata.get(META_KEY)
        return tag[0] if tag is not None else None


def module_paths(names: dict) -> dict[int, tuple[str, Any]]:
    """``id(module) -> (path, module)`` for every module reachable from the program's names."""
    out: dict[int, tuple[str, Any]] = {}
    for name, value in names.items():
        if isinstance(value, engine.nn.Module):
            for path, m in module_tree(value, name):
                out.setdefault(id(m), (path, m))
    return out


def structure_outputs(recorder: ModuleRecorder, names: dict) -> list[tuple[Any, Any]]:
    """``(program output, stand-in output)`` pairs for top-level modules with frozen
    parameters: the stand-in's graph reaches every op of the forward (see the docstring)."""
    pairs = []
    tops = {id(v) for v in names.values() if isinstance(v, engine.nn.Module)}
    for key, (module, args, out) in list(recorder.top_calls.items()):
        # calling the forward again is safe only when no method of the tree is the program's
        # own: the run (and its budgets) has ended
        if key not in tops or not _engine_defined(module) or not isinstance(out, engine.Tensor):
            continue
        params = [p for _name, p in module_parameters(module)]
        if all(p.requires_grad for p in params):
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


def module_tree(module: Any, prefix: str = "", seen: set | None = None):
    """(prefix, module) of a module and its submodules, depth first as torch's named_modules,
    through the engine's own methods: a program may override named_modules or parameters in
    its class, and those must not run after its run ended (outside its budgets)."""
    seen = set() if seen is None else seen
    if id(module) in seen:
        return
    seen.add(id(module))
    yield prefix, module
    for name, child in engine.nn.Module.named_children(module):
        yield from module_tree(child, f"{prefix}.{name}" if prefix else name, seen)


def module_parameters(module: Any) -> list:
    """``module.named_parameters()`` without calling any method the program defined."""
    out, seen = [], set()
    for prefix, m in module_tree(module):
        for name, p in engine.nn.Module.named_parameters(m, prefix=prefix, recurse=False):
            if id(p) not in seen:
                seen.add(id(p))
                out.append((name, p))
    return out


def _engine_defined(module: Any) -> bool:
    """Whether every module in the tree is one of the engine's own classes (the zoo's ResNet,
    nn.Sequential of nn layers): then calling it runs no code the program defined."""
    stack, seen = [module], set()
    while stack:
        m = stack.pop()
        if id(m) in seen:
            continue
        seen.add(id(m))
        if not type(m).__module__.startswith("engine."):
            return False
        stack.extend(child for _name, child in engine.nn.Module.named_children(m))
    return True


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
    """Nested groups, one per module *call* that has nodes in the document (see the docstring).
    A module called twice (a BasicBlock's one ``relu``) gets a group per call, the second named
    ``layer1.0.relu #2``: one card per call keeps the collapsed graph acyclic. Parameters belong
    to their module's first call. ``fn_nodes``/``tensor_nodes``: the builder's
    ``id(grad_fn)``/``id(tensor)`` -> node id."""
    paths = module_paths(names)
    info = recorder.call_info

    def named_call(call: int | None) -> int | None:
        """The call itself, or the nearest enclosing call of a module the program can name."""
        while call is not None and id(info[call][0]) not in paths:
            call = info[call][1]
        return call

    # a node standing for two grad_fns (a frozen module's stand-in graph, see structure_outputs)
    # goes with the later call: the one that made the whole graph
    call_of_node: dict[str, int] = {}
    for fn, nid in fn_nodes.values():
        call = named_call(recorder.call_of(fn))
        if call is not None and call > call_of_node.get(nid, 0):
            call_of_node[nid] = call
    members: dict[int, list[str]] = {}
    for nid, call in call_of_node.items():
        members.setdefault(call, []).append(nid)
    kept: set[int] = set()
    for call in list(members):
        while call is not None and call not in kept:
            kept.add(call)
            call = named_call(info[call][1])
    first: dict[int, int] = {}          # id(module) -> its first kept call
    for call in sorted(kept):
        first.setdefault(id(info[call][0]), call)
    claimed: set[str] = set()           # a tied weight belongs to the first module that has it
    param_members: dict[int, list[str]] = {}   # id(module) -> its parameter nodes
    for key, (_path, module) in paths.items():
        for _pname, p in engine.nn.Module.named_parameters(module, recurse=False):
            hit = tensor_nodes.get(id(p))
            if hit is not None and hit[0] is p and hit[1] not in claimed:
                claimed.add(hit[1])
                param_members.setdefault(key, []).append(hit[1])
    collapse = op_count > COLLAPSE_FROM_OPS
    groups: list[Group] = []
    ids: dict[object, str] = {}         # call number or ("path", id(module)) -> group id
    seen_calls: dict[int, int] = {}

    def add(key: object, name: str, own: list[str], parent: str | None, module: Any, shape) -> None:
        gid = f"g{len(ids) + 1}"
        ids[key] = gid
        groups.append(Group(gid, name[:80], tuple(dict.fromkeys(own)), parent=parent,
                            collapsed=collapse and parent is not None, module=type(module).__name__,
                            param_count=sum(p.numel() for _n, p in module_parameters(module)), shape=shape))

    for call in sorted(kept):           # a call starts after the call it is nested in
        module, parent_call, shape = info[call]
        key = id(module)
        k = seen_calls[key] = seen_calls.get(key, 0) + 1
        own = list(members.get(call, ()))
        if first[key] == call:
            own += param_members.get(key, [])
        name = paths[key][0] + ("" if k == 1 else f" #{k}")
        add(call, name, own, ids.get(named_call(parent_call)), module, shape)
    # modules the forward never called but whose parameters are on the canvas
    for key, (path, module) in paths.items():
        if key in first or not param_members.get(key):
            continue
        parent_path = path.rpartition(".")[0]
        parent_key = next((k for k, (p, _m) in paths.items() if p == parent_path), None)
        parent = ids.get(first.get(parent_key)) or ids.get(("path", parent_key))
        add(("path", key), path, param_members[key], parent, module, None)
    return groups
