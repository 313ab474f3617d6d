"""Bundled data: examples, lectures, translations. A package so that wheels carry it."""
from pathlib import Path

ROOT = Path(__file__).resolve().parent
EXAMPLES = ROOT / "examples"
LECTURES = ROOT / "lectures"
TRANSLATIONS = ROOT / "translations"
#: The example the app opens when started without a file (the tutorial's Q = 3a³ − b²).
SEED_EXAMPLE = EXAMPLES / "seed.json"
