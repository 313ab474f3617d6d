"""``export-lecture FILE -o DIR|OUT.pdf`` (every click of a lecture as numbered PNGs, or handouts)
and ``check-lecture FILE`` (play every slide and step headless; the first problem as one line).

Startup seam: ``export-lecture`` imports the view (and Qt) only when it runs.
"""
from __future__ import annotations

from explorer.cli.errors import CliError


def add_export_lecture(sub) -> None:
    p = sub.add_parser("export-lecture", help="render every slide and step of a lecture as numbered PNG images",
                       description="Render every click of a lecture (each slide, and each step of a "
                                   "slide that steps through a pass) as numbered PNG images, headless.")
    p.add_argument("file", metavar="FILE", help="a lecture file (.json)")
    p.add_argument("-o", "--output", required=True, metavar="DIR|OUT.pdf",
                   help="folder for 001.png, 002.png, …; or a .pdf file: handouts, one page per slide")
    p.add_argument("--theme", default="light", choices=("light", "dark", "print", "high-contrast"))
    p.add_argument("--width", type=int, default=1600, help="image width in pixels (default 1600)")
    p.add_argument("--height", type=int, default=900, help="image height in pixels (default 900)")
    p.set_defaults(handler=_cmd_export_lecture)


def _cmd_export_lecture(args) -> int:
    from explorer.view.lecture.export import cmd_export_lecture  # seam: CLI command (Qt from here on)

    return cmd_export_lecture(args)


def add_check_lecture(sub) -> None:
    """``check-lecture FILE``: exit 2 with one line on the first thing a class would hit (the
    checks live in ``explorer.model.lecture``)."""
    p = sub.add_parser("check-lecture", help="play every slide of a lecture headless and report problems",
                       description="Play every slide and step of a lecture without a window; exit code 2 and "
                                   "one line for the first problem (unknown nodes, wrong gradient shapes, "
                                   "errors on a step).")
    p.add_argument("file", metavar="FILE", help="a lecture file (.json)")
    p.set_defaults(handler=_cmd_check_lecture)


def _cmd_check_lecture(args) -> int:
    from explorer.model.lecture_check import lecture_preflight  # seam: CLI command (the parser imports no model)

    print(lecture_preflight(args.file, CliError))
    return 0
