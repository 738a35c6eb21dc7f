"""Where things live by default; every path can be overridden on the command line or by env."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = Path(os.environ.get("QA_CORPUS", ROOT / "data"))
DEFAULT_INDEX = Path(os.environ.get("QA_INDEX", ROOT / "index"))
