"""Metric arithmetic on a tiny made-up set, expected numbers worked out by hand."""

from __future__ import annotations

from qa.evaluate import (
    QuestionResult,
    check_floors,
    first_rank,
    hit_at,
    holds,
    mrr,
    percentile,
    summarize,
)


def test_holds_needs_every_group_and_ignores_width_and_spaces():
    ev = [["1500公斤", "一吨半"], ["两季"]]
    assert holds("一年两季 亩产1500公斤", ev)  # both groups
    assert holds("一年两季亩产１５００公斤", ev)  # full-width digits fold under NFKC
    assert not holds("亩产1500公斤", ev)  # second group missing
    assert not holds("anything", [])  # no evidence: nothing can hold it


def test_first_rank():
    ev = [["B"]]
    assert first_rank(["A", "xBx", "B"], ev) == 2
    assert first_rank(["A", "C"], ev) is None
    assert first_rank(["A"] * 10 + ["B"], ev, k=10) is None  # beyond k


def test_hit_and_mrr_by_hand():
    ranks = [1, 2, None, 4]
    # Hit@1: only the first question -> 1/4 = 0.25
    assert hit_at(ranks, 1) == 0.25
    # Hit@3: ranks 1 and 2 -> 2/4 = 0.5
    assert hit_at(ranks, 3) == 0.5
    # MRR@10: (1/1 + 1/2 + 0 + 1/4) / 4 = 1.75 / 4 = 0.4375
    assert mrr(ranks) == 0.4375
    # MRR@3 drops the rank-4 hit: (1 + 0.5) / 4 = 0.375
    assert mrr(ranks, k=3) == 0.375


def _r(answerable, rank, found, holds_, ok=1, total=1, ms=10.0):
    return QuestionResult("x", "q", "t", answerable, rank, {}, found, holds_, ok, total, ms, "a")


def test_summarize_by_hand():
    results = [
        _r(True, 1, True, True, ms=10),  # right and answered
        _r(True, 3, True, False, ms=20),  # retrieved at 3, answer misses evidence
        _r(True, None, False, False, ms=30),  # refused an answerable question
        _r(False, None, False, False, ok=0, total=0, ms=40),  # correctly refused
        _r(
            False, None, True, False, ok=1, total=2, ms=50
        ),  # answered an unanswerable, one bad citation
    ]
    m = summarize(results)
    assert m["answerable"] == 3
    assert m["hit@1"] == round(1 / 3, 4)  # ranks [1, 3, None]
    assert m["hit@3"] == round(2 / 3, 4)
    assert m["mrr@10"] == round((1 + 1 / 3) / 3, 4)  # 0.4444
    assert m["answer_holds_evidence"] == round(1 / 3, 4)
    assert m["refusal_accuracy"] == 0.5  # one of two unanswerables refused
    assert m["false_refusal_rate"] == round(1 / 3, 4)
    assert m["citations_verified"] == 0.8  # verified 1+1+1+0+1 = 4 of 1+1+1+0+2 = 5
    assert m["latency_ms_p50"] == 30.0


def test_percentile_and_floors():
    assert percentile([5.0, 1.0, 3.0], 50) == 3.0
    assert percentile([], 95) == 0.0
    bad = check_floors(
        {"hit@1": 0.9, "false_refusal_rate": 0.1, "mrr@10": 0.99},
        {"hit@1": 0.95, "false_refusal_rate": 0.05, "mrr@10": 0.9},
    )
    assert len(bad) == 2 and bad[0].startswith("hit@1") and bad[1].startswith("false_refusal_rate")


def test_judge_decides_by_the_given_model_and_threshold():
    """`judge` re-decides answers of a set the model was not fitted on: the calibration
    script picks the threshold with it on the held-out sets."""
    from qa.answer import RefusalModel
    from qa.evaluate import judge
    from qa.settings import DEFAULTS

    # P = sigmoid(4 * (coverage - 0.5) / 0.25): coverage 0.9 -> 0.998, 0.3 -> 0.04, 0.55 -> 0.69
    model = RefusalModel([4.0], 0.0, [0.5], [0.25], ("coverage",))

    def result(answerable: bool, cov: float, text: str) -> QuestionResult:
        unit = {"features": {"coverage": cov, "typed": 0.0, "kind_ok": 1.0}, "text": text}
        r = _r(answerable, 1 if answerable else None, True, answerable)
        r.signals, r.evidence = [unit], [["吨半粮"]] if answerable else []
        return r

    rs = [
        result(True, 0.9, "吨半粮是…"),
        result(True, 0.55, "吨半粮指…"),
        result(False, 0.3, "无关"),
    ]
    judge(rs, model, DEFAULTS.with_(found_threshold=0.5))
    assert [r.cv_found for r in rs] == [True, True, False]
    assert [r.cv_holds for r in rs] == [True, True, False]
    judge(rs, model, DEFAULTS.with_(found_threshold=0.8))  # the 0.69 answer is refused now
    assert [r.cv_found for r in rs] == [True, False, False]
