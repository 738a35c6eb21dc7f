"""Evaluation: every question through the same path as `qa ask`, scored per question and per type."""

from __future__ import annotations

import json
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from qa.answer import FEATURES, Answerer, RefusalModel, decide
from qa.lang import squash
from qa.settings import DEFAULTS, Settings
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
    signals: list = field(default_factory=list)  # refusal-model units with labels
    asked: str = ""
    expected_asked: str | None = None
    confidence: float = 0.0
    level: str = ""
    cited_text: str = ""
    cv_found: bool | None = None  # the decision of a model fitted without this question
    cv_holds: bool | None = None
    evidence: list = field(default_factory=list)

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
        # a .docx/.pdf citation's spans index into the text extracted at build time
        where = c.extracted or c.source
        if where not in cache:
            try:
                cache[where] = Path(where).read_bytes().decode("utf-8")
            except OSError:
                cache[where] = ""
        ok += join_spans(cache[where], c.spans) == c.text
    return ok, len(cites)


def run_questions(
    answerer: Answerer, questions: list[dict], mode: str, progress: bool = False
) -> list[QuestionResult]:
    from tqdm import tqdm

    cache: dict[str, str] = {}
    out = []
    for q in tqdm(questions, desc=f"eval {mode}", unit="q", disable=not progress, file=sys.stderr):
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
        units = label_units(ans.signals or [], q)
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
                signals=units,
                asked=ans.asked,
                expected_asked=q.get("asked"),
                confidence=ans.confidence,
                level=ans.level,
                cited_text="".join(c.text for c in ans.citations),
                evidence=ev,
            )
        )
    return out


def label_units(units: list[dict], q: dict) -> list[dict]:
    """Each unit the refusal model judged, labelled right (1) or wrong (0): right when its
    quoted text holds the evidence of what it answers (its part's, for a multi-part question;
    one whole group, for one side of a comparison)."""
    ev = q["evidence"]
    parts = q.get("parts") or []
    out = []
    for i, u in enumerate(units):
        if parts and len(parts) == len(units):
            pev = parts[i]["evidence"]
            label = bool(pev) and holds(u["text"], pev)
        elif len(units) == 1:
            label = bool(ev) and holds(u["text"], ev)
        else:
            label = bool(ev) and any(holds(u["text"], [g]) for g in ev)
        out.append({**u, "label": int(label)})
    return out


# -- the refusal model: fitting and cross-validation ---------------------------------


def fit_logistic(X: np.ndarray, y: np.ndarray, l2: float = 1.0, iters: int = 50) -> RefusalModel:
    """L2-regularised logistic regression by Newton's method on standardised features."""
    mean = X.mean(axis=0)
    scale = X.std(axis=0)
    scale[scale == 0] = 1.0
    Z = np.hstack([np.ones((len(X), 1)), (X - mean) / scale])
    w = np.zeros(Z.shape[1])
    reg = np.eye(Z.shape[1]) * l2
    reg[0, 0] = 0.0
    for _ in range(iters):
        p = 1 / (1 + np.exp(-np.clip(Z @ w, -30, 30)))
        g = Z.T @ (p - y) + reg @ w
        H = (Z * (p * (1 - p))[:, None]).T @ Z + reg
        step = np.linalg.solve(H, g)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return RefusalModel(
        [float(c) for c in w[1:]], float(w[0]), [float(m) for m in mean], [float(s) for s in scale]
    )


def unit_matrix(units: list[dict]) -> tuple[np.ndarray, np.ndarray]:
    X = np.array([[float(u["features"][f]) for f in FEATURES] for u in units], dtype=float)
    y = np.array([u["label"] for u in units], dtype=float)
    return X.reshape(len(units), len(FEATURES)), y


def folds(results: list[QuestionResult], k: int, seed: int = 0) -> list[int]:
    """A fold per question, stratified by answerable / not (parts of a question stay together)."""
    rng = np.random.default_rng(seed)
    fold = [0] * len(results)
    for answerable in (True, False):
        ids = [i for i, r in enumerate(results) if r.answerable == answerable]
        rng.shuffle(ids)
        for j, i in enumerate(ids):
            fold[i] = j % k
    return fold


def cross_validate(
    results: list[QuestionResult], k: int = 5, settings: Settings = DEFAULTS, seed: int = 0
) -> None:
    """Set `cv_found` / `cv_holds` on every result from a model fitted on the other folds."""
    fold = folds(results, k, seed)
    for f in range(k):
        train = [u for r, g in zip(results, fold, strict=True) if g != f for u in r.signals]
        if not train:
            continue
        model = fit_logistic(*unit_matrix(train))
        judge([r for r, g in zip(results, fold, strict=True) if g == f], model, settings)


def judge(results: list[QuestionResult], model: RefusalModel, settings: Settings) -> None:
    """Set `cv_found` / `cv_holds` on `results` as `model` decides them at `settings`' threshold
    (for questions it was not fitted on: another fold, or another question set)."""
    for r in results:
        if not r.signals:  # a summary: nothing for the model to judge
            r.cv_found, r.cv_holds = r.found, r.answer_holds
            continue
        found_units = [
            u
            for u in r.signals
            if decide(u["features"], model.probability(u["features"]), settings)
        ]
        r.cv_found = bool(found_units)
        ev = r.evidence
        r.cv_holds = r.cv_found and bool(ev) and holds("".join(u["text"] for u in found_units), ev)


def summarize(results: list[QuestionResult]) -> dict:
    ans = [r for r in results if r.answerable]
    una = [r for r in results if not r.answerable]
    ranks = [r.rank for r in ans]
    lat = [r.latency_ms for r in results]
    cit_total = sum(r.citations_total for r in results)
    return {
        "questions": len(results),
        "answerable": len(ans),
        "hit@1": round(hit_at(ranks, 1), 4) if ans else None,
        "hit@3": round(hit_at(ranks, 3), 4) if ans else None,
        "mrr@10": round(mrr(ranks), 4) if ans else None,
        "answer_holds_evidence": round(sum(r.answer_holds for r in ans) / len(ans), 4)
        if ans
        else None,
        "refusal_accuracy": round(sum(not r.found for r in una) / len(una), 4) if una else None,
        "false_refusal_rate": round(sum(not r.found for r in ans) / len(ans), 4) if ans else None,
        "cv_answer_holds_evidence": _rate([r.cv_holds for r in ans]),
        "cv_refusal_accuracy": _rate([r.cv_found is False for r in una if r.cv_found is not None])
        if una
        else None,
        "cv_false_refusal_rate": _rate([r.cv_found is False for r in ans if r.cv_found is not None])
        if ans
        else None,
        "asked_accuracy": _rate(
            [
                r.asked == r.expected_asked
                for r in results
                if r.expected_asked and r.asked != "parts"
            ]
        ),
        "citations_verified": round(sum(r.citations_verified for r in results) / cit_total, 4)
        if cit_total
        else 1.0,
        "latency_ms_p50": round(percentile(lat, 50), 1),
        "latency_ms_p95": round(percentile(lat, 95), 1),
    }


def _rate(xs: list) -> float | None:
    xs = [bool(x) for x in xs if x is not None]
    return round(sum(xs) / len(xs), 4) if xs else None


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
    ("cv_answer_holds_evidence", "CV holds"),
    ("cv_refusal_accuracy", "CV refusal acc."),
    ("cv_false_refusal_rate", "CV false refusals"),
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
        if k.endswith("false_refusal_rate"):
            if got > v:
                bad.append(f"{k} {got:.3f} > ceiling {v}")
        elif got < v:
            bad.append(f"{k} {got:.3f} < floor {v}")
    return bad


# -- conversations -------------------------------------------------------------------


@dataclass
class TurnResult:
    id: str  # conversation id + turn number
    type: str
    question: str
    standalone: str | None  # how it was read (None: left as asked)
    expected_rewrite: bool
    answerable: bool
    found: bool
    answer_holds: bool
    answer: str

    @property
    def ok(self) -> bool:
        return self.answer_holds if self.answerable else not self.found


def run_conversations(answerer: Answerer, conversations: list[dict]) -> list[TurnResult]:
    """Every turn after the first, asked with the conversation's earlier questions."""
    out = []
    for c in conversations:
        history: list[str] = []
        for i, t in enumerate(c["turns"]):
            ans = answerer.ask(t["question"], history=history)
            history.append(t["question"])
            if i == 0:
                continue
            ev = t["evidence"]
            out.append(
                TurnResult(
                    id=f"{c['id']}/{i + 1}",
                    type=c["type"],
                    question=t["question"],
                    standalone=ans.standalone_question if ans.reading == "conversation" else None,
                    expected_rewrite=bool(t.get("rewrite", True)),
                    answerable=bool(ev),
                    found=ans.found,
                    answer_holds=ans.found and holds("".join(x.text for x in ans.citations), ev),
                    answer=ans.answer,
                )
            )
    return out


def summarize_turns(turns: list[TurnResult]) -> dict:
    ans = [t for t in turns if t.answerable]
    una = [t for t in turns if not t.answerable]
    follow = [t for t in turns if t.expected_rewrite]
    switch = [t for t in turns if not t.expected_rewrite]
    return {
        "turns": len(turns),
        "followups_hold_evidence": _rate([t.answer_holds for t in ans if t.expected_rewrite]),
        "answers_hold_evidence": _rate([t.answer_holds for t in ans]),
        "unanswerable_refused": _rate([not t.found for t in una]),
        "followups_rewritten": _rate([t.standalone is not None for t in follow]),
        "switches_left_alone": _rate([t.standalone is None for t in switch]),
    }


def conversation_report(out_dir: Path, turns: list[TurnResult]) -> dict:
    groups: dict[str, list[TurnResult]] = defaultdict(list)
    for t in turns:
        groups[t.type].append(t)
    report = {
        "overall": summarize_turns(turns),
        "by_type": {k: summarize_turns(v) for k, v in sorted(groups.items())},
        "turns": [{**t.__dict__, "ok": t.ok} for t in turns],
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "conversations.json").write_text(
        json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    lines = [
        conversation_table(report),
        "",
        "| turn | type | question | read as | ok | answer |",
        "|---|---|---|---|---|---|",
    ]
    for t in turns:
        a = t.answer.replace("\n", " ").replace("|", "\\|")[:70]
        lines.append(
            f"| {t.id} | {t.type} | {t.question} | {t.standalone or '–'} | {'yes' if t.ok else 'no'} | {a} |"
        )
    (out_dir / "conversations.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return report


def conversation_table(report: dict) -> str:
    cols = list(report["overall"])
    rows = {"all": report["overall"], **report["by_type"]}
    head = "| type | " + " | ".join(cols) + " |"
    return "\n".join(
        [head, "|" + "---|" * (len(cols) + 1)]
        + [f"| {n} | " + " | ".join(_fmt(m[c]) for c in cols) + " |" for n, m in rows.items()]
    )
