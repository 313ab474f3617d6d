"""``tools/build_translations.py --check`` is the suite's guard that every UI string has Korean and
that the .ts matches the sources; it must only read (a check that rewrites the file it checks
hides the drift it is meant to report)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "translations" / "explorer_ko.ts"
QM = ROOT / "resources" / "translations" / "explorer_ko.qm"


def _check() -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, str(ROOT / "tools" / "build_translations.py"), "--check"],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=170)


def test_the_translations_are_complete_and_up_to_date_and_the_check_writes_nothing():
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in (TS, QM)}
    done = _check()
    assert done.returncode == 0, done.stdout + done.stderr
    assert {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in (TS, QM)} == before


def test_the_check_fails_on_a_stale_ts_and_leaves_it_stale(tmp_path):
    saved = tmp_path / "saved.ts"
    shutil.copy2(TS, saved)
    try:
        stale = TS.read_text(encoding="utf-8").replace("<source>Copy</source>", "<source>Copy (old)</source>", 1)
        assert stale != TS.read_text(encoding="utf-8")
        TS.write_text(stale, encoding="utf-8")
        done = _check()
        assert done.returncode == 1 and "out of date" in done.stdout, done.stdout + done.stderr
        assert TS.read_text(encoding="utf-8") == stale
    finally:
        shutil.copy2(saved, TS)
