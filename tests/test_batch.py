"""`qa ask --json -`: one JSON line per input line, whatever a line holds; the exit code says
whether any line failed. In-process, behind the fake embedder."""

from __future__ import annotations

import io
import json
import sys

import pytest

import qa.pipeline
from qa.batch import MAX_LINE_BYTES
from qa.cli import main


@pytest.fixture
def run(fake_pipeline, monkeypatch, capsys):
    monkeypatch.setattr(qa.pipeline, "load_pipeline", lambda *a, **k: fake_pipeline)

    def run(data: bytes, *extra: str) -> tuple[int, list[dict], str]:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
        rc = main(["ask", "--json", "-", *extra])
        out = capsys.readouterr()
        return rc, [json.loads(x) for x in out.out.splitlines()], out.err

    return run


def test_every_line_gets_one_object_and_bad_lines_do_not_stop_the_batch(run):
    lines = [
        "吨半粮是什么意思".encode(),
        b"",
        "？".encode(),
        b"\xff\xfe caf\xe9 \xe5\x90",  # not UTF-8
        "😀\u200b".encode(),
        b"x" * 2001,
        b"\x01\x02",
        "开发区三度指什么\r".encode(),  # CRLF input
        b"[[[",
        b"\xff \xe2\x80\xa8 \xc2\x85 \xe2\x80\xa9",  # echoed: U+2028, U+0085, U+2029
        "三个一批".encode(),  # last line without a newline
    ]
    rc, rows, err = run(b"\n".join(lines))
    assert len(rows) == len(lines)
    assert rc == 1  # some lines had errors
    assert rows[0]["found"] and "1500公斤" in rows[0]["answer"]
    assert rows[1]["error"] and rows[5]["error"] and rows[6]["error"]
    bad = rows[3]
    assert bad["found"] is False and "not valid UTF-8" in bad["error"]
    assert "\ufffd" in bad["question"] and "caf" in bad["question"]
    for i in (2, 4, 8):  # no indexable characters: a normal (not found) answer, no error
        assert "error" not in rows[i] and rows[i]["found"] is False, rows[i]
    assert rows[7]["question"] == "开发区三度指什么" and rows[7]["found"]
    assert "\u2028" in rows[9]["question"] and "\x85" in rows[9]["question"]
    assert rows[10]["found"]
    assert err == ""


def test_all_good_lines_exit_0(run):
    rc, rows, _ = run("吨半粮是什么意思\n三个一批\n".encode())
    assert rc == 0 and len(rows) == 2 and all(r["found"] for r in rows)


def test_a_huge_line_is_quoted_at_most_200_characters(run):
    rc, rows, _ = run(b"a" * 1_000_000 + "\n吨半粮\n".encode())
    assert rc == 1 and len(rows) == 2
    assert rows[0]["error"] and len(json.dumps(rows[0])) < 1000
    assert rows[0]["question"].startswith("a" * 200) and "a" * 201 not in rows[0]["question"]
    assert rows[1]["found"]


def test_a_line_over_the_byte_limit_is_skipped_to_its_end(run):
    rc, rows, _ = run(b"b" * (MAX_LINE_BYTES + 5) + "\n吨半粮\n".encode())
    assert [bool(r.get("error")) for r in rows] == [True, False] and rc == 1


def test_an_exception_on_one_line_is_that_line_only(run, fake_pipeline, monkeypatch):
    real = fake_pipeline.answerer.ask

    def ask(q, **kw):
        if "三个一批" in q:
            raise RuntimeError("boom")
        return real(q, **kw)

    monkeypatch.setattr(fake_pipeline.answerer, "ask", ask)
    rc, rows, err = run("吨半粮\n三个一批\n开发区三度指什么\n".encode())
    assert rc == 1 and len(rows) == 3
    assert rows[0]["found"] and rows[2]["found"]
    assert "internal error" in rows[1]["error"] and "Traceback" not in rows[1]["error"]
    assert err.count("\n") == 1 and "line 2" in err


def test_single_question_with_a_lone_surrogate(fake_pipeline, monkeypatch, capsys):
    monkeypatch.setattr(qa.pipeline, "load_pipeline", lambda *a, **k: fake_pipeline)
    # what argv holds for invalid UTF-8 bytes (surrogateescape)
    assert main(["ask", "--json", "吨半粮\udcff"]) == 1
    row = json.loads(capsys.readouterr().out)
    assert row["found"] is False and "surrogate" in row["error"]
    assert main(["ask", "--json", "？"]) == 0
    assert json.loads(capsys.readouterr().out)["found"] is False


def test_search_without_keyword_tokens(fake_pipeline, monkeypatch, capsys):
    monkeypatch.setattr(qa.pipeline, "load_pipeline", lambda *a, **k: fake_pipeline)
    assert main(["search", "？", "--json", "--mode", "keyword"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["search", "\udcff", "--json"]) == 2
    assert "surrogate" in capsys.readouterr().err


def test_ctrl_c_keeps_the_lines_already_answered(run, fake_pipeline, monkeypatch):
    real = fake_pipeline.answerer.ask

    def ask(q, **kw):
        if q == "stop":
            raise KeyboardInterrupt
        return real(q, **kw)

    monkeypatch.setattr(fake_pipeline.answerer, "ask", ask)
    rc, rows, err = run("吨半粮\nstop\n三个一批\n".encode())
    assert rc == 130 and len(rows) == 1 and rows[0]["found"]
    assert err == "qa: interrupted\n"
