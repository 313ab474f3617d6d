"""Issue #16, a desktop app people can launch: the app icon on the window and in the about box,
and ``--install-desktop`` writing a valid launcher entry, the icon and the document file type."""
from __future__ import annotations

import configparser
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_window_and_about_box_carry_the_app_icon(new_window, qtbot):
    w = new_window(show=True)
    assert not w.windowIcon().isNull()
    box = w.show_about()
    qtbot.waitUntil(box.isVisible, timeout=2000)
    pm = box.iconPixmap()
    assert not pm.isNull() and pm.width() >= 48
    # the icon is drawn, not a blank square: several distinct colours
    img = pm.toImage()
    colours = {img.pixelColor(x, y).name() for x in range(0, img.width(), 4) for y in range(0, img.height(), 4)}
    assert len(colours) >= 4
    box.close()


def test_install_desktop_writes_entry_icon_and_mime_type(tmp_path):
    env = dict(os.environ, XDG_DATA_HOME=str(tmp_path), PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "--install-desktop"], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    entry_path = tmp_path / "applications" / "autograd-explorer.desktop"
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(entry_path, encoding="utf-8")
    e = entry["Desktop Entry"]
    assert e["Type"] == "Application" and e["Name"] == "Autograd Explorer"
    assert e["Exec"].endswith(" %f") and e["Icon"] == "autograd-explorer"
    assert "application/x-autograd-explorer" in e["MimeType"].split(";")
    # the launcher's command really starts the app's entry point (the file it names exists)
    exe = e["TryExec"]
    assert Path(exe).exists() or exe.endswith("autograd-explorer")
    icon = tmp_path / "icons" / "hicolor" / "scalable" / "apps" / "autograd-explorer.svg"
    assert icon.read_bytes() == (ROOT / "resources" / "icons" / "autograd-explorer.svg").read_bytes()
    mime = ET.parse(tmp_path / "mime" / "packages" / "autograd-explorer.xml").getroot()
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    match = mime.find("m:mime-type/m:magic/m:match", ns)
    assert mime.find("m:mime-type", ns).get("type") == "application/x-autograd-explorer"
    # the magic recognises our documents and not other JSON
    start, end = (int(v) for v in match.get("offset").split(":"))
    needle = match.get("value").encode()
    ours = (ROOT / "resources" / "examples" / "seed.json").read_bytes()
    assert needle in ours[start:end + len(needle)]
    assert needle not in b'{"name": "package", "version": "1.0"}'
    # and --uninstall-desktop takes it all away
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "--uninstall-desktop"], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and not entry_path.exists() and not icon.exists()
