"""`qa eval` on the default corpus: the build fails when quality falls below the floors."""

from __future__ import annotations

import json

import pytest
from conftest import ROOT

from qa import evaluate as ev

pytestmark = pytest.mark.slow


def test_default_mode_meets_floors(pipeline, tmp_path):
    questions = ev.load_questions(ROOT / "eval" / "questions.jsonl")
    assert len(questions) >= 400
    results = ev.run_questions(pipeline.answerer, questions, "hybrid+terms")
    ev.cross_validate(results, settings=pipeline.answerer.settings)
    report = ev.write_report(tmp_path, "hybrid+terms", results, None)
    floors = json.loads((ROOT / "eval" / "floors.json").read_text())
    assert ev.check_floors(report["overall"], floors) == []
    assert (tmp_path / "report.md").read_text(encoding="utf-8").count("\n| ") >= len(questions)
    per_q = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))["questions"]
    assert {"rank", "found_by", "answer", "outcome"} <= set(per_q[0])


def test_conversations_meet_floors(pipeline, tmp_path):
    convs = ev.load_questions(ROOT / "eval" / "conversations.jsonl")
    assert len(convs) >= 40
    turns = ev.run_conversations(pipeline.answerer, convs)
    report = ev.conversation_report(tmp_path, turns)
    floors = json.loads((ROOT / "eval" / "floors_conversations.json").read_text())
    assert ev.check_floors(report["overall"], floors) == []
    assert set(report["by_type"]) >= {"pronoun", "ellipsis", "ordinal", "english", "topic_switch"}
