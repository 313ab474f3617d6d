"""Making Autograd Explorer a desktop application on Linux: ``autograd-explorer --install-desktop``.

Writes, under the user's XDG data folder (``~/.local/share`` unless ``$XDG_DATA_HOME`` says
otherwise), per the freedesktop.org specifications:

- ``applications/autograd-explorer.desktop``: the launcher entry (menu, dock, "Open with"),
  associated with the document format's MIME type;
- ``icons/hicolor/scalable/apps/autograd-explorer.svg``: the app icon;
- ``mime/packages/autograd-explorer.xml``: the document MIME type
  ``application/x-autograd-explorer``, recognised by its content (``"format":
  "autograd-explorer"`` near the start of a .json file), so other JSON files keep their app.

Then it refreshes the desktop and MIME databases when their tools are installed. Nothing here
imports Qt; ``--uninstall-desktop`` removes the three files again.
"""
from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

APP_ID = "autograd-explorer"
MIME_TYPE = "application/x-autograd-explorer"
ICON = Path(__file__).resolve().parents[2] / "resources" / "icons" / f"{APP_ID}.svg"


def icon_path() -> Path:
    """The app icon (SVG) shipped in ``resources/icons``."""
    return ICON


def data_home() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")


def launch_command() -> str:
    """The command the launcher runs: ``autograd-explorer`` when it is on PATH (pip install),
    else this Python running this checkout's main.py."""
    found = shutil.which(APP_ID)
    if found:
        return shlex.quote(found)
    main = Path(__file__).resolve().parents[2] / "main.py"
    return f"{shlex.quote(sys.executable)} {shlex.quote(str(main))}"


def desktop_entry(command: str) -> str:
    # Exec's %f: one file per window (the app opens one document at a time).
    return "\n".join([
        "[Desktop Entry]",
        "Type=Application",
        "Version=1.5",
        "Name=Autograd Explorer",
        "GenericName=Autograd graph explorer",
        "Comment=Build expression graphs and watch PyTorch-style autograd run through them",
        f"Exec={command} %f",
        f"TryExec={shlex.split(command)[0]}",
        f"Icon={APP_ID}",
        "Terminal=false",
        "Categories=Education;Science;Math;Development;",
        "Keywords=pytorch;autograd;gradient;backpropagation;graph;",
        f"MimeType={MIME_TYPE};",
        f"StartupWMClass={APP_ID}",
        "",
    ])


def mime_package() -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<mime-info xmlns="http://www.freedesktop.org/standards/shared-mime-info">
  <mime-type type="{MIME_TYPE}">
    <comment>Autograd Explorer graph</comment>
    <sub-class-of type="application/json"/>
    <generic-icon name="{APP_ID}"/>
    <magic priority="80">
      <match type="string" value="&quot;autograd-explorer&quot;" offset="0:256"/>
    </magic>
  </mime-type>
</mime-info>
"""


def _targets(home: Path) -> dict[str, Path]:
    return {
        "desktop": home / "applications" / f"{APP_ID}.desktop",
        "icon": home / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg",
        "mime": home / "mime" / "packages" / f"{APP_ID}.xml",
    }


def _refresh(home: Path) -> None:
    """Tell the desktop about the new files (best effort: the tools may be absent)."""
    for tool, arg in (("update-desktop-database", home / "applications"), ("update-mime-database", home / "mime"),
                      ("gtk-update-icon-cache", home / "icons" / "hicolor")):
        exe = shutil.which(tool)
        if exe:
            subprocess.run([exe, "-q", str(arg)] if tool != "update-mime-database" else [exe, str(arg)],
                           capture_output=True, timeout=30, check=False)


def install(home: Path | None = None, command: str | None = None, refresh: bool = True) -> list[Path]:
    """Write the launcher entry, the icon and the MIME type; returns the files written."""
    home = data_home() if home is None else Path(home)
    targets = _targets(home)
    for path in targets.values():
        path.parent.mkdir(parents=True, exist_ok=True)
    targets["desktop"].write_text(desktop_entry(command or launch_command()), encoding="utf-8")
    shutil.copyfile(icon_path(), targets["icon"])
    targets["mime"].write_text(mime_package(), encoding="utf-8")
    if refresh:
        _refresh(home)
    return list(targets.values())


def uninstall(home: Path | None = None, refresh: bool = True) -> list[Path]:
    home = data_home() if home is None else Path(home)
    removed = []
    for path in _targets(home).values():
        if path.exists():
            path.unlink()
            removed.append(path)
    if refresh:
        _refresh(home)
    return removed


def main(argv: list[str]) -> int | None:
    """Handle ``--install-desktop`` / ``--uninstall-desktop``; None for any other command line."""
    if "--install-desktop" in argv:
        for path in install():
            print(f"wrote {path}")
        print("Autograd Explorer is in your applications menu; .json graphs open with it.")
        return 0
    if "--uninstall-desktop" in argv:
        for path in uninstall():
            print(f"removed {path}")
        return 0
    return None
