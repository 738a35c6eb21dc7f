"""Errors a user can act on, and how a question is quoted inside any message.

Every `QAError` message says what happened and what to do; the CLI prints it on one
line (no traceback) and the chat shows it as a reply. Anything else that escapes is a
bug: the CLI and the chat still answer with one line, and the log keeps the traceback.
"""

from __future__ import annotations

import re

QUOTE_CHARS = 200  # an error never echoes more of the question than this
_SURROGATE = re.compile(r"[\ud800-\udfff]")


class QAError(Exception):
    """An expected failure; the message says what to do next."""


class IndexNotReady(QAError):
    """The index is missing, unreadable or stale; the message says what to run."""


class IndexDamaged(IndexNotReady):
    """A file of the index does not match the checksum its build recorded (or CURRENT is not a
    valid pointer): never loaded, rebuilt instead. `problem` is the message without advice."""

    def __init__(self, problem: str) -> None:
        super().__init__(f"{problem}: run `qa build` to rebuild it")
        self.problem = problem


class BuildFailed(QAError):
    """A build stopped (disk full, permission, ...): its temporary folder is gone and the
    previous index, if any, is untouched."""


class BuildInterrupted(KeyboardInterrupt):
    """Ctrl-C during a build, after its temporary folder was removed (still a KeyboardInterrupt,
    so callers that stop on Ctrl-C still stop)."""


class BadQuestion(QAError, ValueError):
    """A question no stage can take: not text, or text that is not valid Unicode."""


def has_lone_surrogate(text: str) -> bool:
    """True when `text` holds a UTF-16 surrogate on its own: not a character, cannot be encoded."""
    return bool(_SURROGATE.search(text))


def printable(text: str) -> str:
    """`text` with each lone surrogate replaced by U+FFFD, so it can be encoded as UTF-8."""
    return _SURROGATE.sub("\ufffd", text)


def quote(text: object, limit: int = QUOTE_CHARS) -> str:
    """`text` for a message: at most `limit` characters (with the full length noted), lone
    surrogates shown as U+FFFD so the message itself can always be printed."""
    s = text if isinstance(text, str) else repr(text)
    s = printable(s)
    if len(s) > limit:
        return s[:limit] + f"…({len(s):,} characters)"
    return s


def check_question(question: object) -> str:
    """The question unchanged, or BadQuestion when it is not text or not valid Unicode."""
    if not isinstance(question, str):
        raise BadQuestion(f"a question must be text, not {type(question).__name__}")
    if has_lone_surrogate(question):
        raise BadQuestion(
            "the question holds invalid characters (lone UTF-16 surrogates), for example from a "
            f"broken copy and paste: “{quote(question)}”; retype it / 问题含无效字符，请重新输入"
        )
    return question
