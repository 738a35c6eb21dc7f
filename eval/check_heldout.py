#!/usr/bin/env python3
"""Check the held-out evaluation set (eval/heldout_c.jsonl, eval/heldout_d.jsonl and their conversations).

Written from the page alone; this script only checks that the files are well formed:

* every line parses as JSON, ids are unique, types and `asked` values are known;
* every evidence alternative is 4-20 characters and occurs in the page *inside a single
  paragraph* (non-empty line), after NFKC normalisation and removal of all whitespace on
  both sides, so no alternative silently spans a column cut;
* near_miss / off_topic / unanswerable questions have empty evidence, all other questions
  have evidence; a multipart question's evidence is the union of its answerable parts;
* conversation turns have question / evidence / standalone / rewrite, the first turn is not
  a rewrite, and an unanswerable_followup has an unanswerable later turn;
* the counts per type match the brief.

Usage: .venv/bin/python eval/check_heldout.py [--page PATH] [--questions PATH] [--conversations PATH]
Exit status 0 when clean, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qa.question import KINDS  # noqa: E402

WS_RE = re.compile(r"\s+")

EMPTY_TYPES = {"near_miss", "off_topic", "unanswerable"}
QUESTION_COUNTS = {
    "near_miss": 30,
    "off_topic": 8,
    "unanswerable": 6,
    "en_fact": 16,
    "glossary_en": 6,
    "glossary_zh": 10,
    "wh": 12,
    "number": 8,
    "reason_method": 8,
    "multipart": 8,
    "comparison": 6,
    "list": 8,
    "summary": 4,
    "report": 10,
    "news": 10,
}
ASKED = set(KINDS)  # the kinds of answer qa/question.py knows
CONV_TYPES = {"pronoun", "ellipsis", "ordinal", "english", "unanswerable_followup", "topic_switch"}
CONV_PER_TYPE = 4
MIN_LEN, MAX_LEN = 4, 20


def norm(text: str) -> str:
    """NFKC-normalise and drop all whitespace."""
    return WS_RE.sub("", unicodedata.normalize("NFKC", text))


class Checker:
    def __init__(self, page: str):
        self.paragraphs = [norm(p) for p in page.splitlines() if p.strip()]
        self.whole = norm(page)
        self.problems: list[str] = []

    def bad(self, msg: str) -> None:
        self.problems.append(msg)

    def evidence(self, where: str, ev) -> None:
        if not isinstance(ev, list):
            self.bad(f"{where}: evidence is not a list")
            return
        for gi, group in enumerate(ev):
            if not isinstance(group, list) or not group:
                self.bad(f"{where}: group {gi} is not a non-empty list")
                continue
            for alt in group:
                if not isinstance(alt, str):
                    self.bad(f"{where}: alternative {alt!r} is not a string")
                    continue
                a = norm(alt)
                if not MIN_LEN <= len(a) <= MAX_LEN:
                    self.bad(
                        f"{where}: alternative {alt!r} has {len(a)} chars "
                        f"(want {MIN_LEN}-{MAX_LEN})"
                    )
                if a not in self.whole:
                    self.bad(f"{where}: alternative {alt!r} not in the page")
                elif not any(a in p for p in self.paragraphs):
                    self.bad(f"{where}: alternative {alt!r} crosses a paragraph/column cut")


def load_jsonl(path: Path, chk: Checker) -> list[dict]:
    rows = []
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip():
            continue
        try:
            row = json.loads(raw)
        except json.JSONDecodeError as exc:
            chk.bad(f"{path.name}:{lineno}: bad JSON ({exc})")
            continue
        if not isinstance(row, dict):
            chk.bad(f"{path.name}:{lineno}: not an object")
            continue
        rows.append(row)
    return rows


def check_questions(path: Path, chk: Checker) -> Counter:
    counts: Counter = Counter()
    ids: set[str] = set()
    for row in load_jsonl(path, chk):
        qid = row.get("id")
        where = f"{path.name}:{qid}"
        if not isinstance(qid, str) or not re.fullmatch(r"h[a-z]{1,2}-\d{3}", qid):
            chk.bad(f"{where}: bad id")
        if qid in ids:
            chk.bad(f"{where}: duplicate id")
        ids.add(qid)
        for key in ("question", "type", "asked", "evidence"):
            if key not in row:
                chk.bad(f"{where}: missing {key}")
        extra = set(row) - {"id", "question", "type", "asked", "evidence", "parts"}
        if extra:
            chk.bad(f"{where}: unexpected fields {sorted(extra)}")
        qtype, asked, ev = row.get("type"), row.get("asked"), row.get("evidence", [])
        counts[qtype] += 1
        if qtype not in QUESTION_COUNTS:
            chk.bad(f"{where}: unknown type {qtype!r}")
        if asked not in ASKED:
            chk.bad(f"{where}: unknown asked {asked!r}")
        if not isinstance(row.get("question"), str) or not row.get("question", "").strip():
            chk.bad(f"{where}: empty question")
        chk.evidence(where, ev)
        if qtype in EMPTY_TYPES and ev:
            chk.bad(f"{where}: {qtype} must have empty evidence")
        if qtype not in EMPTY_TYPES and not ev:
            chk.bad(f"{where}: {qtype} needs evidence")
        if qtype == "multipart":
            parts = row.get("parts")
            if not isinstance(parts, list) or not 2 <= len(parts) <= 3:
                chk.bad(f"{where}: multipart needs 2-3 parts")
                continue
            union = []
            for pi, part in enumerate(parts):
                if set(part) != {"question", "evidence"}:
                    chk.bad(f"{where}: part {pi} needs exactly question and evidence")
                chk.evidence(f"{where}/part{pi}", part.get("evidence", []))
                union.extend(part.get("evidence", []))
            if union != ev:
                chk.bad(f"{where}: top-level evidence is not the union of its parts")
        elif "parts" in row:
            chk.bad(f"{where}: parts only belong to multipart questions")
    return counts


def count_multipart_with_empty_part(path: Path) -> int:
    n = 0
    for raw in path.read_text(encoding="utf-8").splitlines():
        try:
            row = json.loads(raw) if raw.strip() else {}
        except json.JSONDecodeError:
            continue
        if isinstance(row, dict):
            if row.get("type") == "multipart" and any(
                not p.get("evidence") for p in row.get("parts", [])
            ):
                n += 1
    return n


def check_conversations(path: Path, chk: Checker) -> Counter:
    counts: Counter = Counter()
    ids: set[str] = set()
    for row in load_jsonl(path, chk):
        cid = row.get("id")
        where = f"{path.name}:{cid}"
        if not isinstance(cid, str) or not re.fullmatch(r"h[a-z]{1,2}v-\d{3}", cid):
            chk.bad(f"{where}: bad id")
        if cid in ids:
            chk.bad(f"{where}: duplicate id")
        ids.add(cid)
        ctype = row.get("type")
        counts[ctype] += 1
        if ctype not in CONV_TYPES:
            chk.bad(f"{where}: unknown type {ctype!r}")
        turns = row.get("turns")
        if not isinstance(turns, list) or not 2 <= len(turns) <= 4:
            chk.bad(f"{where}: needs 2-4 turns")
            continue
        for ti, turn in enumerate(turns):
            tw = f"{where}/turn{ti + 1}"
            if set(turn) != {"question", "evidence", "standalone", "rewrite"}:
                chk.bad(f"{tw}: needs exactly question, evidence, standalone, rewrite")
                continue
            if not isinstance(turn["rewrite"], bool):
                chk.bad(f"{tw}: rewrite must be a boolean")
            if ti == 0 and turn["rewrite"]:
                chk.bad(f"{tw}: the first turn cannot need the conversation")
            if not turn["rewrite"] and turn["standalone"] != turn["question"]:
                chk.bad(f"{tw}: a turn that needs no rewrite should be its own standalone")
            chk.evidence(tw, turn["evidence"])
        later_empty = [t for t in turns[1:] if not t.get("evidence")]
        if ctype == "unanswerable_followup":
            if not later_empty:
                chk.bad(f"{where}: unanswerable_followup needs an unanswerable follow-up")
            if not turns[0].get("evidence"):
                chk.bad(f"{where}: the opening turn should be answerable")
        elif any(not t.get("evidence") for t in turns):
            chk.bad(f"{where}: only unanswerable_followup may have empty evidence")
        if ctype != "topic_switch" and not any(t.get("rewrite") for t in turns[1:]):
            chk.bad(f"{where}: a {ctype} conversation needs a turn that depends on context")
        if ctype == "topic_switch" and all(t.get("rewrite") for t in turns[1:]):
            chk.bad(f"{where}: a topic_switch needs a turn that stands alone")
    return counts


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--page", type=Path, default=ROOT / "data" / "yuncheng-daily-2025-gov-report-page.txt"
    )
    ap.add_argument("--questions", type=Path, default=ROOT / "eval" / "heldout_c.jsonl")
    ap.add_argument(
        "--conversations", type=Path, default=ROOT / "eval" / "heldout_c_conversations.jsonl"
    )
    args = ap.parse_args()

    chk = Checker(args.page.read_text(encoding="utf-8"))
    qcounts = check_questions(args.questions, chk)
    for qtype, want in QUESTION_COUNTS.items():
        if qcounts.get(qtype, 0) != want:
            chk.bad(f"{args.questions.name}: {qtype} has {qcounts.get(qtype, 0)}, want {want}")
    n = count_multipart_with_empty_part(args.questions)
    if n != 2:
        chk.bad(f"{args.questions.name}: {n} multipart questions have an unanswerable part, want 2")
    ccounts = check_conversations(args.conversations, chk)
    for ctype in sorted(CONV_TYPES):
        if ccounts.get(ctype, 0) != CONV_PER_TYPE:
            chk.bad(
                f"{args.conversations.name}: {ctype} has {ccounts.get(ctype, 0)},"
                f" want {CONV_PER_TYPE}"
            )

    print(
        f"questions: {sum(qcounts.values())} "
        + ", ".join(f"{k}={v}" for k, v in sorted(qcounts.items()))
    )
    print(
        f"conversations: {sum(ccounts.values())} "
        + ", ".join(f"{k}={v}" for k, v in sorted(ccounts.items()))
    )
    for p in chk.problems:
        print("PROBLEM", p)
    print("clean" if not chk.problems else f"{len(chk.problems)} problem(s)")
    return 0 if not chk.problems else 1


if __name__ == "__main__":
    sys.exit(main())
