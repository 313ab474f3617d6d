"""Bundled data: examples, lectures, translations. A package so that wheels carry it."""
from pathlib import Path

ROOT = Path(__file__).resolve().parent
EXAMPLES = ROOT / "examples"
LECTURES = ROOT / "lectures"
TRANSLATIONS = ROOT / "translations"
