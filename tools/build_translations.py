"""Regenerate the Qt translation sources (.ts) and compile them (.qm).

    python tools/build_translations.py            # update explorer_ko.ts, compile .qm
    python tools/build_translations.py --check    # read-only: exit 1 if the .ts is out of date or a string lacks Korean

Sources of UI strings:
1. ``self.tr(...)`` / ``QCoreApplication.translate(ctx, ...)`` anywhere in explorer/view, via
   ``pyside6-lupdate`` (shipped in the PySide6 wheel);
2. the lecture menu's ``_tr("...")`` strings (context ``LectureMenu``);
3. ``tr("...")`` of ``explorer.view.i18n`` (context ``ui``: texts set at run time);
4. texts of widgets built from plain literals (menus, actions, docks, buttons, labels, tooltips):
   a main window is built offscreen and walked (context ``ui``; translated at run time by
   ``explorer.view.lecture.retranslate``);
5. the templates of the model layer's ``Message("...")`` literals (context ``model``), collected
   by ``extract_model_messages.py`` (translated by template: ``i18n.tr_message``), and the
   explanations that follow PyTorch's and Python's own error texts (contexts ``pytorch`` and
   ``python``, ``i18n._PYTORCH`` and ``i18n._PYTHON``).

Existing translations in the .ts are kept; new strings are added as unfinished. Compiling uses
``pyside6-lrelease`` (also in the wheel).
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: The .ts sources and compiled .qm files live in the installed resources package.
HERE = ROOT / "resources" / "translations"
LANGS = ("ko",)


def _tool(name: str) -> str:
    import PySide6

    base = Path(PySide6.__file__).parent
    for candidate in (shutil.which(f"pyside6-{name}"), base / name, base / f"{name}.exe", shutil.which(name)):
        if candidate and Path(candidate).exists():
            return str(candidate)
    raise SystemExit(f"{name} not found (it ships with PySide6: pip install PySide6-Essentials)")


def read_ts(path: Path) -> dict[tuple[str, str], str]:
    """(context, source) -> translation (empty when unfinished)."""
    out: dict[tuple[str, str], str] = {}
    if not path.exists():
        return out
    root = ET.parse(path).getroot()
    for ctx in root.iter("context"):
        name = ctx.findtext("name") or ""
        for msg in ctx.iter("message"):
            source = msg.findtext("source") or ""
            tr = msg.find("translation")
            text = "" if tr is None or tr.get("type") in ("unfinished", "obsolete") and not (tr.text or "") else (tr.text or "")
            out[(name, source)] = text
    return out


def lupdate_strings() -> dict[str, list[str]]:
    files = [str(p) for p in sorted((ROOT / "explorer" / "view").rglob("*.py"))]
    with tempfile.TemporaryDirectory() as tmp:
        ts = Path(tmp) / "x.ts"
        subprocess.run([_tool("lupdate"), *files, "-ts", str(ts)], check=True, capture_output=True)
        out: dict[str, list[str]] = {}
        for (ctx, source), _ in read_ts(ts).items():
            out.setdefault(ctx, []).append(source)
    return out


# Modules that translate through a module-level ``_tr("...")`` helper, and its context.
_TR_HELPERS = {"explorer/view/lecture/hooks.py": "LectureMenu", "explorer/view/chain_rule.py": "ChainRule",
               "explorer/view/paths_controller.py": "ChainPaths"}


def helper_strings() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for rel, ctx in _TR_HELPERS.items():
        text = (ROOT / rel).read_text(encoding="utf-8")
        found = re.findall(r'_tr\("((?:[^"\\]|\\.)*)"\)', text)
        out.setdefault(ctx, []).extend(f for f in found if f not in out[ctx])
    return out


def call_strings() -> dict[str, list[str]]:
    """``tr("...")`` calls of ``explorer.view.i18n`` (context "ui" unless given), read with ast
    so implicitly concatenated literals come out whole."""
    import ast

    out: dict[str, list[str]] = {}
    for path in sorted((ROOT / "explorer" / "view").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if "explorer.view.i18n" not in text:
            continue
        for node in ast.walk(ast.parse(text)):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "tr"):
                continue
            if not node.args or not isinstance(node.args[0], ast.Constant) or not isinstance(node.args[0].value, str):
                continue
            ctx = "ui"
            extra = node.args[1:2] or [k.value for k in node.keywords if k.arg == "context"]
            if extra and isinstance(extra[0], ast.Constant):
                ctx = extra[0].value
            found = out.setdefault(ctx, [])
            if node.args[0].value not in found:
                found.append(node.args[0].value)
    return out


def dynamic_strings() -> dict[str, list[str]]:
    """Texts passed to ``tr`` through a variable: op categories (context ``category``; "shape"
    the category is not "shape" the field), node kinds, palette entries, canvas keys, run names."""
    sys.path.insert(0, str(ROOT))
    from explorer.view import theme
    from explorer.view.main_window import CANVAS_KEYS
    from explorer.view.panels import inspector, palette

    docs: list[str] = []
    try:
        from engine.ops import OPS

        categories = list(dict.fromkeys([*theme.CATEGORIES, *(op.category for op in OPS.values())]))
        docs = list(dict.fromkeys(op.doc for op in OPS.values() if op.doc))  # tooltips: context "ops"
    except ImportError:
        categories = list(theme.CATEGORIES)
    ui = [*inspector._KIND_TEXT.values(), *(t for _k, label, doc in palette.TENSORS for t in (label, doc)),
          *(t for pair in CANVAS_KEYS for t in pair), "forward", "backward"]
    return {"category": categories, "ops": docs, "ui": list(dict.fromkeys(ui))}


def model_strings() -> dict[str, list[str]]:
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "tools"))
    from extract_model_messages import templates

    from explorer.view.i18n import _PYTHON, _PYTORCH

    return {"model": templates(),
            "pytorch": [english for _shape, english in _PYTORCH],
            "python": list(dict.fromkeys(english for _shape, english in _PYTHON))}


def widget_strings() -> list[str]:
    """Walk a freshly built main window (offscreen) for texts set from plain literals."""
    code = (
        "import os, json, sys\n"
        "os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
        "os.environ.setdefault('AUTOGRAD_EXPLORER_SETTINGS', 'translations')\n"
        "os.environ['AUTOGRAD_EXPLORER_LANG'] = 'en'\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from explorer.view.main_window import MainWindow\n"
        "from explorer.view.lecture.hooks import install\n"
        "from explorer.view.lecture.retranslate import collect_texts\n"
        "w = MainWindow()\n"
        "try:\n"
        "    from explorer.view.app import install_extensions\n"
        "    install_extensions(w, app)\n"
        "except ImportError:\n"
        "    pass\n"
        "from explorer.view.lecture.extension import lecture_of\n"
        "if lecture_of(w) is None: install(w)\n"
        "texts = collect_texts(w)\n"
        "from PySide6.QtWidgets import QMenu\n"
        "for m in w.menuBar().findChildren(QMenu):\n"
        "    m.aboutToShow.emit()\n"
        "texts += [t for t in collect_texts(w) if t not in texts]\n"
        "# windows made on demand: the export dialog, the plot windows and the tensor dock\n"
        "later = []\n"
        "try:\n"
        "    from explorer.view.export_dialog import open_export_dialog\n"
        "    later.append(open_export_dialog(w))\n"
        "except Exception:\n"
        "    pass\n"
        "ext = getattr(w, 'plots', None) or next((c for c in w.children() if type(c).__name__ == 'PlotsExtension'), None)\n"
        "for name in ('open_slope', 'open_training', 'open_tensor'):\n"
        "    try:\n"
        "        later.append(getattr(ext, name)())\n"
        "    except Exception:\n"
        "        pass\n"
        "for d in w.docks.values():\n"
        "    d.show()\n"
        "for win in later:\n"
        "    if win is not None:\n"
        "        texts += [t for t in collect_texts(win) if t not in texts]\n"
        "texts += [t for t in collect_texts(w) if t not in texts]\n"
        "sys.stdout.write(json.dumps(texts))\n"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    res = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, env=env, cwd=ROOT)
    import json

    return json.loads(res.stdout.strip().splitlines()[-1])


def render_ts(lang: str, entries: dict[str, list[str]], known: dict[tuple[str, str], str]) -> tuple[str, int]:
    """The .ts text for ``entries`` with the ``known`` translations, and how many lack one."""
    missing = 0
    lines = ['<?xml version="1.0" encoding="utf-8"?>', "<!DOCTYPE TS>",
             f'<TS version="2.1" language="{lang}_KR" sourcelanguage="en">']
    esc = lambda s: (s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                     .replace('"', "&quot;").replace("'", "&apos;"))
    for ctx in sorted(entries):
        lines += ["<context>", f"    <name>{esc(ctx)}</name>"]
        for source in entries[ctx]:
            tr = known.get((ctx, source)) or known.get(("ui", source)) or ""
            if not tr:
                # the same English text already translated in another context
                tr = next((v for (c, s), v in known.items() if s == source and v), "")
            lines += ["    <message>", f"        <source>{esc(source)}</source>"]
            if tr:
                lines.append(f"        <translation>{esc(tr)}</translation>")
            else:
                missing += 1
                lines.append('        <translation type="unfinished"></translation>')
            lines.append("    </message>")
        lines.append("</context>")
    lines.append("</TS>")
    return "\n".join(lines) + "\n", missing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail when a string has no translation")
    parser.add_argument("--missing", metavar="JSON",
                        help="write the untranslated strings to JSON as {\"context::english\": \"\"}")
    parser.add_argument("--apply", metavar="JSON",
                        help='a JSON object {english: korean} to fill in ("context::english" for another context)')
    args = parser.parse_args(argv)
    if args.check and (args.apply or args.missing):
        parser.error("--check only reads; run --apply or --missing without it")
    extra: dict[str, str] = {}
    if args.apply:
        import json

        extra = json.loads(Path(args.apply).read_text(encoding="utf-8"))
    entries = lupdate_strings()
    for ctx, found in [*helper_strings().items(), *call_strings().items(), *dynamic_strings().items(),
                       *model_strings().items()]:
        entries[ctx] = list(dict.fromkeys(entries.get(ctx, []) + found))
    entries["ui"] = list(dict.fromkeys(entries.get("ui", []) + widget_strings()))
    entries.pop("", None)
    status = 0
    for lang in LANGS:
        ts = HERE / f"explorer_{lang}.ts"
        known = read_ts(ts)
        for source, text in extra.items():
            ctx, sep, src = source.partition("::")  # "context::source", else context "ui"
            known[(ctx, src) if sep else ("ui", source)] = text
        text, missing = render_ts(lang, entries, known)
        total = sum(len(v) for v in entries.values())
        if args.check:
            # Read-only: a check that rewrote the .ts would hide the drift it is meant to report.
            current = ts.read_text(encoding="utf-8") if ts.exists() else ""
            if text != current:
                print(f"{ts.name} is out of date (strings were added or changed): run tools/build_translations.py")
                status = 1
            print(f"{ts.name}: {total} strings, {missing} without a translation")
            if missing:
                status = 1
            continue
        ts.write_text(text, encoding="utf-8")
        subprocess.run([_tool("lrelease"), str(ts), "-qm", str(HERE / f"explorer_{lang}.qm")],
                       check=True, capture_output=True)
        if args.missing:
            import json

            todo = {f"{c}::{src}": "" for (c, src), text in read_ts(ts).items() if not text}
            Path(args.missing).write_text(json.dumps(todo, ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"{ts.name}: {total} strings, {missing} without a translation")
    return status


if __name__ == "__main__":
    sys.exit(main())
