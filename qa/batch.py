"""`qa ask -`: one answer per input line, whatever a line holds.

Each line is read as bytes and decoded on its own, so invalid UTF-8 spoils only its own
line (decoded with replacement characters and flagged in that line's `error`), and each
question is answered on its own, so an exception on one line gives that line an `error`
and the batch goes on. Lines are split on "\\n" only (a trailing "\\r" is dropped).
"""

from __future__ import annotations

import json
import os
import sys
import traceback
from collections.abc import Iterator
from typing import BinaryIO

from qa.errors import QAError, quote
from qa.types import Answer

MAX_LINE_BYTES = 1 << 20  # a longer line is skipped to its end unread (2,000 characters fit)


def _lines(stream: BinaryIO) -> Iterator[tuple[bytes, bool]]:
    """(line without its newline, whether it was cut at MAX_LINE_BYTES) for each input line."""
    while True:
        raw = stream.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        too_long = len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n")
        while too_long and raw and not raw.endswith(b"\n"):  # drain the rest of the line
            raw = stream.readline(MAX_LINE_BYTES)
        yield (b"" if too_long else raw.removesuffix(b"\n").removesuffix(b"\r")), too_long


def decode_line(raw: bytes) -> tuple[str, str | None]:
    """The line as text, and an error when it is not valid UTF-8 (then read with U+FFFD)."""
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as e:
        text = raw.decode("utf-8", errors="replace")
        return text, (
            f"this line is not valid UTF-8 (byte {e.start}): read as “{quote(text)}”; "
            "send questions as UTF-8 text / 输入不是有效的 UTF-8 文本"
        )


# JSON leaves these raw, yet str.splitlines() (and some JSONL readers) break lines at them
_LINE_BREAKS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def json_line(obj) -> str:
    """`obj` as one line of JSON (UTF-8 text) that every line splitter keeps whole."""
    return json.dumps(obj, ensure_ascii=False).translate(_LINE_BREAKS)


def parse_line(line: str) -> tuple[str, list[str] | None, str | None]:
    """A plain question, or a JSON object {"question": "...", "history": ["earlier", ...]}
    (history oldest first). A line that is not such an object is a plain question."""
    if not line.lstrip().startswith("{"):
        return line, None, None
    try:
        obj = json.loads(line)
    except ValueError:
        return line, None, None
    if not isinstance(obj, dict) or "question" not in obj:
        return line, None, None
    q, history = obj.get("question"), obj.get("history", [])
    if not isinstance(q, str) or not (
        isinstance(history, list) and all(isinstance(h, str) for h in history)
    ):
        return (
            q if isinstance(q, str) else "",
            None,
            'a JSON line needs "question": a string and "history": a list of strings',
        )
    return q, history, None


def _failed(question: str, error: str) -> Answer:
    return Answer(question, False, error, [], error=error)


def ask_lines(answerer, stream: BinaryIO, mode: str) -> Iterator[Answer]:
    """One Answer per line of `stream`; a line that fails gets an Answer with `error`."""
    for n, (raw, too_long) in enumerate(_lines(stream), 1):
        if too_long:
            yield _failed("", f"this line is over {MAX_LINE_BYTES:,} bytes; it was skipped")
            continue
        text, error = decode_line(raw)
        if error:
            yield _failed(text, error)
            continue
        text, history, error = parse_line(text)
        if error:
            yield _failed(text, error)
            continue
        try:
            ans = answerer.ask(text, mode=mode, history=history)
            json_line(ans.to_json()).encode("utf-8")  # it can be printed
        except QAError as e:
            ans = _failed(text, str(e))
        except Exception as e:  # a bug: this line says so, the batch goes on
            what = quote(f"{type(e).__name__}: {e}")
            print(f"qa: line {n}: internal error ({what})", file=sys.stderr)
            if os.environ.get("QA_DEBUG"):
                traceback.print_exc()
            ans = _failed(
                text,
                f"internal error answering this question ({what}); the other lines are "
                "unaffected / 内部错误",
            )
        yield ans
