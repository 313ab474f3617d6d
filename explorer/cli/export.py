"""``export FILE -o OUT``: render a graph to PNG, SVG or PDF without a window.

Startup seam: the view (and with it Qt) is imported only when the command runs, inside
:func:`_cmd_export`; ``run``, ``code`` and ``check-lecture`` never load Qt
(``tests/model/test_no_qt.py``).
"""
from __future__ import annotations

import sys

from explorer.model.input_error import one_line


def add_export(sub) -> None:
    p = sub.add_parser("export", help="render a graph to PNG, SVG or PDF without a window",
                       description="Compute a graph forward and backward and render it (the forward canvas "
                                   "or, with --backward, the grad_fn DAG) to PNG, SVG or PDF, without a "
                                   "display. PNG and SVG carry the graph: open them in the app or pass them "
                                   "to 'run' to get the graph back.")
    p.add_argument("file", metavar="FILE", help="a document (.json), a script (.py, .txt, .ags) or an exported PNG/SVG")
    p.add_argument("-o", "--output", required=True, metavar="OUT", help="the image to write: .png, .svg or .pdf")
    p.add_argument("--theme", default="light", metavar="NAME", help="light (default), dark, print or high-contrast")
    p.add_argument("--scale", type=float, default=1.0, help="PNG: pixels per canvas unit, 1 to 4 (default 1)")
    p.add_argument("--size", metavar="WxH", help="PNG: fit the graph into exactly this many pixels, e.g. 1920x1080")
    p.add_argument("--transparent", action="store_true", help="no background fill")
    p.add_argument("--backward", action="store_true", help="draw the backward graph (grad_fn DAG) instead of the canvas")
    p.add_argument("--freeze", default="", metavar="a,b", help="leaves to set requires_grad=False before running")
    p.add_argument("--select", default="", metavar="a,b", help="export only these nodes (names)")
    p.add_argument("--no-values", action="store_true", help="leave out values")
    p.add_argument("--no-grads", action="store_true", help="leave out .grad")
    p.add_argument("--no-grad-fn", action="store_true", help="leave out grad_fn names")
    p.add_argument("--no-shapes", action="store_true", help="leave out shapes and dtypes")
    p.add_argument("--edge-grads", action="store_true", help="label each edge with the gradient that flowed along it")
    p.add_argument("--margin", type=float, default=24.0, help="blank border around the graph (canvas units, default 24)")
    p.add_argument("--no-run", action="store_true", help="do not compute forward/backward first")
    p.add_argument("--no-embed", action="store_true", help="do not store the graph inside the PNG/SVG")
    p.set_defaults(handler=_cmd_export)

    def one_line_error(message: str) -> None:  # argparse would print the usage too
        print(f"error: export: {one_line(message)}", file=sys.stderr)
        sys.exit(2)

    p.error = one_line_error


def _cmd_export(args) -> int:
    from explorer.view.exporters.command import cmd_export  # seam: CLI command (Qt is imported only from here on)

    return cmd_export(args)
