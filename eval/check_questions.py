"""Validate eval/questions.jsonl against the page it is about.

Usage: python eval/check_questions.py [questions.jsonl] [page.txt]

Checks every line parses, fields and types are valid, ids and questions are unique,
each evidence alternative occurs in the page (after NFKC normalisation and removal of all
whitespace on both sides) *inside a single paragraph* (so that no alternative silently
crosses a column cut such as "绛县与 | 阿根廷帕拉西奥斯市"), unanswerable questions have no
evidence, per-type minimums are met and every glossary note 1..34 is covered by at least
one definition-style question. Prints counts per type; exits 1 on any problem.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_QUESTIONS = ROOT / "eval" / "questions.jsonl"
DEFAULT_PAGE = ROOT / "data" / "yuncheng-daily-2025-gov-report-page.txt"

TYPES = (
    "glossary_zh",
    "glossary_en",
    "bare_term",
    "reverse",
    "note_fact",
    "stitched",
    "report",
    "news",
    "meeting",
    "traditional",
    "noisy",
    "unanswerable",
    # kinds of question (issue: answers that understand the question)
    "near_miss",
    "off_topic",
    "en_fact",
    "multipart",
    "comparison",
    "list",
    "wh",
    "reason_method",
    "summary",
    "yesno",
)
UNANSWERABLE_TYPES = {"unanswerable", "near_miss", "off_topic"}
MIN_PER_TYPE = {t: 10 for t in TYPES} | {
    "unanswerable": 25,
    "near_miss": 50,
    "en_fact": 20,
    "multipart": 15,
    "summary": 5,
    "yesno": 5,
    "reason_method": 5,
}
MIN_TOTAL = 400
NOTE_COUNT = 34
# Types whose questions ask for a glossary note's definition (or its term, for reverse).
DEFINITION_TYPES = {"glossary_zh", "glossary_en", "bare_term", "reverse"}
REQUIRED = {"id": str, "question": str, "type": str, "evidence": list}
OPTIONAL = {"note": int, "asked": str, "parts": list}
ID_RE = re.compile(r"^[a-z]{2,4}-\d{3}$")
ALT_MIN, ALT_MAX = 2, 40
WS_RE = re.compile(r"\s+")


def norm(text: str) -> str:
    """NFKC-normalise and drop all whitespace."""
    return WS_RE.sub("", unicodedata.normalize("NFKC", text))


def load_t2s():
    """Return a traditional->simplified converter, or None if opencc is not installed."""
    try:
        import opencc  # type: ignore[import-not-found]
    except ImportError:
        return None
    return opencc.OpenCC("t2s").convert


def check(questions_path: Path, page_path: Path) -> int:
    problems: list[str] = []
    page = page_path.read_text(encoding="utf-8")
    page_norm = norm(page)
    paragraphs = [norm(p) for p in page.splitlines() if p.strip()]

    records: list[dict] = []
    for lineno, raw in enumerate(questions_path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip():
            problems.append(f"line {lineno}: blank line")
            continue
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as exc:
            problems.append(f"line {lineno}: invalid JSON ({exc})")
            continue
        if not isinstance(obj, dict):
            problems.append(f"line {lineno}: not a JSON object")
            continue
        obj["_line"] = lineno
        records.append(obj)

    ids: Counter[str] = Counter()
    questions: Counter[str] = Counter()
    types: Counter[str] = Counter()
    covered_notes: set[int] = set()

    for obj in records:
        where = f"line {obj['_line']} ({obj.get('id', '?')})"
        keys = set(obj) - {"_line"}
        missing = set(REQUIRED) - keys
        extra = keys - set(REQUIRED) - set(OPTIONAL)
        if missing:
            problems.append(f"{where}: missing fields {sorted(missing)}")
            continue
        if extra:
            problems.append(f"{where}: unknown fields {sorted(extra)}")
        for key, typ in (REQUIRED | OPTIONAL).items():
            if key in obj and (not isinstance(obj[key], typ) or isinstance(obj[key], bool)):
                problems.append(f"{where}: field {key!r} must be {typ.__name__}")
        if problems and problems[-1].startswith(where + ": field"):
            continue

        qid, question, qtype, evidence = obj["id"], obj["question"], obj["type"], obj["evidence"]
        ids[qid] += 1
        questions[norm(question)] += 1
        if not ID_RE.match(qid):
            problems.append(f"{where}: id {qid!r} should look like 'gz-001'")
        if not question.strip():
            problems.append(f"{where}: empty question")
        if qtype not in TYPES:
            problems.append(f"{where}: unknown type {qtype!r}")
        types[qtype] += 1

        note = obj.get("note")
        if note is not None:
            if not 1 <= note <= NOTE_COUNT:
                problems.append(f"{where}: note {note} outside 1..{NOTE_COUNT}")
            elif qtype in DEFINITION_TYPES:
                covered_notes.add(note)
            if qtype in UNANSWERABLE_TYPES - {"near_miss"}:  # a near miss names its note
                problems.append(f"{where}: unanswerable question must not carry a note")

        if qtype in UNANSWERABLE_TYPES:
            if evidence:
                problems.append(f"{where}: unanswerable question must have evidence []")
            continue
        if not evidence:
            problems.append(f"{where}: answerable question needs at least one evidence group")
        for gi, group in enumerate(evidence):
            if not isinstance(group, list) or not group:
                problems.append(f"{where}: evidence group {gi} must be a non-empty list")
                continue
            for alt in group:
                if not isinstance(alt, str):
                    problems.append(f"{where}: evidence group {gi} has a non-string {alt!r}")
                    continue
                a = norm(alt)
                if not ALT_MIN <= len(a) <= ALT_MAX:
                    problems.append(
                        f"{where}: alternative {alt!r} has {len(a)} chars "
                        f"(allowed {ALT_MIN}..{ALT_MAX})"
                    )
                if a not in page_norm:
                    problems.append(f"{where}: alternative {alt!r} not found in the page")
                elif not any(a in p for p in paragraphs):
                    problems.append(f"{where}: alternative {alt!r} crosses a paragraph/column cut")

    t2s = load_t2s()
    if t2s is None:
        print("note: opencc not installed, traditional-script check skipped")
    else:
        for obj in records:
            if obj.get("type") == "traditional" and t2s(obj["question"]) == obj["question"]:
                problems.append(
                    f"line {obj['_line']} ({obj['id']}): 'traditional' question has no "
                    "traditional characters"
                )

    for qid, n in ids.items():
        if n > 1:
            problems.append(f"id {qid!r} used {n} times")
    for q, n in questions.items():
        if n > 1:
            problems.append(f"question {q!r} appears {n} times")
    total = sum(types.values())
    if total < MIN_TOTAL:
        problems.append(f"only {total} questions, need at least {MIN_TOTAL}")
    for t, minimum in MIN_PER_TYPE.items():
        if types[t] < minimum:
            problems.append(f"type {t!r} has {types[t]} questions, need at least {minimum}")
    uncovered = sorted(set(range(1, NOTE_COUNT + 1)) - covered_notes)
    if uncovered:
        problems.append(f"glossary notes without a definition-style question: {uncovered}")

    print(f"{questions_path.name}: {total} questions")
    for t in TYPES:
        print(f"  {t:<13} {types[t]:>4}  (min {MIN_PER_TYPE[t]})")
    print(
        f"  notes covered by {'/'.join(sorted(DEFINITION_TYPES))}: "
        f"{len(covered_notes)}/{NOTE_COUNT}"
    )
    if problems:
        print(f"\n{len(problems)} problem(s):", file=sys.stderr)
        for p in problems:
            print(f"  - {p}", file=sys.stderr)
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    args = sys.argv[1:]
    qpath = Path(args[0]) if args else DEFAULT_QUESTIONS
    ppath = Path(args[1]) if len(args) > 1 else DEFAULT_PAGE
    sys.exit(check(qpath, ppath))
