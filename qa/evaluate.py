"""Evaluation: every question through the same path as `qa ask`, scored per question and per type."""

from __future__ import annotations

import json
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from qa.answer import Answerer
from qa.text import squash
from qa.types import Answer, join_spans

RETRIEVERS = ("dense", "keyword", "term")


def holds(text: str, evidence: list[list[str]]) -> bool:
    """For every group, at least one alternative occurs (NFKC, whitespace removed)."""
    t = squash(text)
    return bool(evidence) and all(any(squash(a) in t for a in group) for group in evidence)


def first_rank(texts: list[str], evidence: list[list[str]], k: int = 10) -> int | None:
    for i, t in enumerate(texts[:k]):
        if holds(t, evidence):
            return i + 1
    return None


def hit_at(ranks: list[int | None], k: int) -> float:
    return sum(1 for r in ranks if r is not None and r <= k) / len(ranks) if ranks else 0.0


def mrr(ranks: list[int | None], k: int = 10) -> float:
    return sum(1 / r for r in ranks if r is not None and r <= k) / len(ranks) if ranks else 0.0


def percentile(xs: list[float], p: float) -> float:
    if not xs:
        return 0.0
    s = sorted(xs)
    i = min(len(s) - 1, max(0, round(p / 100 * (len(s) - 1))))
    return s[i]


@dataclass
class QuestionResult:
    id: str
    question: str
    type: str
    answerable: bool
    rank: int | None
    found_by: dict[str, int | None]
    found: bool
    answer_holds: bool
    citations_verified: int
    citations_total: int
    latency_ms: float
    answer: str
    signals: dict = field(default_factory=dict)

    @property
    def outcome(self) -> str:
        if not self.answerable:
            return "ok" if not self.found else "answered an unanswerable question"
        if not self.found:
            return "refused" + (
                f" (evidence at rank {self.rank})" if self.rank else " (evidence not retrieved)"
            )
        if self.answer_holds:
            return "ok"
        return (
            f"answer misses evidence (evidence at rank {self.rank})"
            if self.rank
            else "evidence not retrieved"
        )


def verify_citations(ans: Answer, cache: dict[str, str]) -> tuple[int, int]:
    ok = 0
    cites = [*ans.citations, *ans.related]
    for c in cites:
        if c.source not in cache:
            try:
                cache[c.source] = Path(c.source).read_bytes().decode("utf-8")
            except OSError:
                cache[c.source] = ""
        ok += join_spans(cache[c.source], c.spans) == c.text
    return ok, len(cites)


def run_questions(answerer: Answerer, questions: list[dict], mode: str) -> list[QuestionResult]:
    cache: dict[str, str] = {}
    out = []
    for q in questions:
        t0 = time.perf_counter()
        ans = answerer.ask(q["question"], mode=mode)
        ms = (time.perf_counter() - t0) * 1000
        ev = q["evidence"]
        texts = [h.passage.text for h in ans.hits]
        found_by: dict[str, int | None] = {}
        for name in RETRIEVERS:
            ranks = [
                h.retrievers[name]["rank"]
                for h in ans.hits
                if name in h.retrievers and holds(h.passage.text, ev)
            ]
            found_by[name] = int(min(ranks)) if ranks else None
        ok, total = verify_citations(ans, cache)
        sig = ans.signals
        out.append(
            QuestionResult(
                id=q["id"],
                question=q["question"],
                type=q["type"],
                answerable=bool(ev),
                rank=first_rank(texts, ev) if ev else None,
                found_by=found_by,
                found=ans.found,
                answer_holds=ans.found and holds("".join(c.text for c in ans.citations), ev),
                citations_verified=ok,
                citations_total=total,
                latency_ms=ms,
                answer=ans.answer,
                signals=dict(sig.__dict__) if sig is not None else {},
            )
        )
    return out


def summarize(results: list[QuestionResult]) -> dict:
    ans = [r for r in results if r.answerable]
    una = [r for r in results if not r.answerable]
    ranks = [r.rank for r in ans]
    lat = [r.latency_ms for r in results]
    cit_total = sum(r.citations_total for r in results)
    return {
        "questions": len(results),
        "answerable": len(ans),
        "hit@1": round(hit_at(ranks, 1), 4),
        "hit@3": round(hit_at(ranks, 3), 4),
        "mrr@10": round(mrr(ranks), 4),
        "answer_holds_evidence": round(sum(r.answer_holds for r in ans) / len(ans), 4)
        if ans
        else None,
        "refusal_accuracy": round(sum(not r.found for r in una) / len(una), 4) if una else None,
        "false_refusal_rate": round(sum(not r.found for r in ans) / len(ans), 4) if ans else None,
        "citations_verified": round(sum(r.citations_verified for r in results) / cit_total, 4)
        if cit_total
        else 1.0,
        "latency_ms_p50": round(percentile(lat, 50), 1),
        "latency_ms_p95": round(percentile(lat, 95), 1),
    }


def by_type(results: list[QuestionResult]) -> dict[str, dict]:
    groups: dict[str, list[QuestionResult]] = defaultdict(list)
    for r in results:
        groups[r.type].append(r)
    return {t: summarize(rs) for t, rs in sorted(groups.items())}


def load_questions(path: Path) -> list[dict]:
    out = []
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError as e:
                raise ValueError(f"{path}:{i}: not JSON ({e})") from e
    return out


def _fmt(v) -> str:
    if v is None:
        return "–"
    return f"{v:.3f}" if isinstance(v, float) else str(v)


COLUMNS = [
    ("hit@1", "Hit@1"),
    ("hit@3", "Hit@3"),
    ("mrr@10", "MRR@10"),
    ("answer_holds_evidence", "answer holds evidence"),
    ("refusal_accuracy", "refusal acc."),
    ("false_refusal_rate", "false refusals"),
    ("citations_verified", "citations verified"),
]


def table(rows: dict[str, dict], first: str) -> str:
    head = f"| {first} | n | " + " | ".join(c for _, c in COLUMNS) + " |"
    sep = "|" + "---|" * (len(COLUMNS) + 2)
    body = [
        f"| {name} | {m['questions']} | " + " | ".join(_fmt(m[k]) for k, _ in COLUMNS) + " |"
        for name, m in rows.items()
    ]
    return "\n".join([head, sep, *body])


def mode_type_table(compare: dict[str, dict]) -> str:
    """Hit@1 / MRR@10 of every mode on every question type, one row a type."""
    modes = list(compare)
    types = sorted(compare[modes[0]]["by_type"])
    head = "| type (Hit@1 / MRR@10) | " + " | ".join(modes) + " |"
    rows = [head, "|" + "---|" * (len(modes) + 1)]
    for t in types:
        if t == "unanswerable":
            continue
        cells = [
            f"{compare[m]['by_type'][t]['hit@1']:.3f} / {compare[m]['by_type'][t]['mrr@10']:.3f}"
            for m in modes
        ]
        rows.append(f"| {t} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def write_report(
    out_dir: Path, mode: str, results: list[QuestionResult], compare: dict[str, dict] | None
) -> dict:
    out_dir.mkdir(parents=True, exist_ok=True)
    overall = summarize(results)
    types = by_type(results)
    report = {
        "mode": mode,
        "overall": overall,
        "by_type": types,
        "compare": compare,
        "questions": [{**r.__dict__, "outcome": r.outcome} for r in results],
    }
    (out_dir / "report.json").write_text(
        json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    md = [f"# Evaluation ({mode})", "", table({"all": overall, **types}, "type"), ""]
    md.append(f"Latency p50 {overall['latency_ms_p50']} ms, p95 {overall['latency_ms_p95']} ms.\n")
    if compare:
        md += ["## Retrieval modes", "", table(compare, "mode"), "", mode_type_table(compare), ""]
    md += [
        "## Per question",
        "",
        "| id | type | rank | dense | keyword | term | found | outcome | answer |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        a = r.answer.replace("\n", " ").replace("|", "\\|")
        a = a if len(a) <= 80 else a[:79] + "…"
        fb = [_fmt(r.found_by.get(n)) for n in RETRIEVERS]
        md.append(
            f"| {r.id} | {r.type} | {_fmt(r.rank)} | {' | '.join(fb)} | {'yes' if r.found else 'no'} | {r.outcome} | {a} |"
        )
    (out_dir / "report.md").write_text("\n".join(md) + "\n", encoding="utf-8")
    return report


def check_floors(overall: dict, floors: dict) -> list[str]:
    """Metrics below their floor (for `false_refusal_rate`, above its ceiling)."""
    bad = []
    for k, v in floors.items():
        got = overall.get(k)
        if got is None:
            continue
        if k == "false_refusal_rate":
            if got > v:
                bad.append(f"{k} {got:.3f} > ceiling {v}")
        elif got < v:
            bad.append(f"{k} {got:.3f} < floor {v}")
    return bad
