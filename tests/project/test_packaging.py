"""The wheel a user installs: the package data is inside, the command points into the package,
and nothing generic (a module named ``main``, the build tools) lands in site-packages.

Building takes a few seconds (``python -m build --wheel --no-isolation``, so no network);
``.ci/run`` also builds both distributions, runs ``twine check`` and launches the wheel from a
fresh virtual environment.
"""
from __future__ import annotations

import configparser
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytest.importorskip("build", reason="the packaging test needs the 'build' package (test extra)")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> zipfile.ZipFile:
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "-o", str(out), str(ROOT)],
                          capture_output=True, text=True, timeout=170)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    (path,) = out.glob("*.whl")
    return zipfile.ZipFile(path)


def _tracked(folder: str) -> list[str]:
    done = subprocess.run(["git", "-C", str(ROOT), "ls-files", folder], capture_output=True, text=True)
    if done.returncode != 0:  # an unpacked sdist has no git: walk the folder instead
        return sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / folder).rglob("*") if p.is_file()
                      and "__pycache__" not in p.parts)
    return done.stdout.split()


def test_every_bundled_resource_is_inside_the_wheel(wheel):
    names = set(wheel.namelist())
    bundled = _tracked("resources")
    assert any(p.endswith(".qm") for p in bundled) and any("/examples/" in p for p in bundled)
    missing = [p for p in bundled if p not in names]
    assert not missing, f"files the app reads at run time but the wheel lacks: {missing}"
    for python_package in ("engine", "explorer"):
        sources = [p for p in _tracked(python_package) if p.endswith(".py")]
        assert sources and not [p for p in sources if p not in names], python_package


def test_no_bare_main_module_and_no_build_tools_are_installed(wheel):
    names = wheel.namelist()
    top = {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")}
    assert top == {"engine", "explorer", "resources"}, top  # not main.py, not tools/
    tools = [n for n in names if Path(n).name in {"build_translations.py", "extract_model_messages.py",
                                                  "_build.py", "build_examples.py", "build_lectures.py"}]
    assert not tools, tools


def test_the_console_script_points_into_the_package(wheel):
    (entry,) = [n for n in wheel.namelist() if n.endswith(".dist-info/entry_points.txt")]
    parser = configparser.ConfigParser()
    parser.read_string(wheel.read(entry).decode())
    target = parser["console_scripts"]["autograd-explorer"]
    assert target == "explorer.__main__:main"
    # And it runs: --version without Qt, from outside the checkout's folder.
    done = subprocess.run([sys.executable, "-m", "explorer", "--version"], capture_output=True, text=True,
                          cwd="/", env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0 and done.stdout.startswith("autograd-explorer "), done.stderr
