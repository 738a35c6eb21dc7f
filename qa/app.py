"""The Gradio chat: one question in, the answer and its exact sources out.

Rendering is kept in plain functions (`render_answer`, `render_question`,
`context_html`, `highlight`, `line_numbers`) so it can be tested without a
browser. Every piece of question or document text is HTML-escaped before any
markup is added; the chat's own sanitizer is only a second line of defence.

Chat messages are emitted as one line of HTML starting with a block tag, so the
chat's Markdown renderer passes them through as an HTML block and never reads
``*``, ``_``, ``$`` or ``[1]`` in document text as Markdown.
"""

from __future__ import annotations

import functools
import html
import logging
import re
import unicodedata
from pathlib import Path

from qa.lang import EN_QUESTION_WORDS as _QUESTION_WORDS
from qa.lang import NON_TOPIC_BIGRAMS as _QUESTION_BIGRAMS
from qa.types import READINGS, Answer, Citation, Span, join_spans, reading_label

log = logging.getLogger(__name__)

TITLE = "政策文件问答 · Policy document Q&A"
EXAMPLES = [
    "吨半粮是什么意思",
    "三个一批",
    "开发区三度指什么",
    "运城市2025年GDP增长目标是多少",
]
CONTEXT_CHARS = 200  # source text shown on each side of a quote in the context view
QUESTION_DISPLAY_CHARS = 300  # a longer question is shown clipped in the chat

_CONTROL_PICTURES = {c: 0x2400 + c for c in range(0x20) if chr(c) not in "\n\t"} | {0x7F: 0x2421}
_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+|[a-z0-9]+")
_ALNUM = re.compile(r"[a-z0-9]")


# -- text helpers -----------------------------------------------------------------


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def question_terms(question: str) -> list[str]:
    """What to highlight: the question's CJK character bigrams and Latin words (NFKC, lower case)."""
    terms: set[str] = set()
    for run in _RUN.findall(_norm(question or "")):
        if "a" <= run[0] <= "z" or run[0].isdigit():
            if len(run) >= 2 and run not in _QUESTION_WORDS:
                terms.add(run)
        else:
            terms.update(run[i : i + 2] for i in range(len(run) - 1))
    return sorted(terms - _QUESTION_BIGRAMS, key=lambda t: (-len(t), t))


def _match_mask(text: str, terms: list[str]) -> list[bool]:
    """Which characters of `text` fall inside an occurrence of one of `terms`."""
    mask = [False] * len(text)
    if not terms or not text:
        return mask
    owner: list[int] = []  # normalised position -> raw position
    parts: list[str] = []
    for i, ch in enumerate(text):
        n = _norm(ch)
        parts.append(n)
        owner.extend([i] * len(n))
    norm = "".join(parts)
    for t in terms:
        latin = bool(_ALNUM.match(t))
        k = norm.find(t)
        while k != -1:
            end = k + len(t)
            whole = not latin or (
                (k == 0 or not _ALNUM.match(norm[k - 1]))
                and (end == len(norm) or not _ALNUM.match(norm[end]))
            )
            if whole:
                for j in range(k, end):
                    mask[owner[j]] = True
            k = norm.find(t, k + 1)
    return mask


_BLANK_LINES = re.compile(r"(?:\r?\n|\r)[ \t\u3000]*(?:(?:\r?\n|\r)[ \t\u3000]*)+")
_NEWLINE = re.compile(r"\r?\n|\r")


def _escape(text: str) -> str:
    """HTML-escaped text with line breaks as <br> (a chat message must stay on one line, or
    the chat's Markdown renderer would start reading it); a run of blank lines becomes one
    paragraph gap."""
    t = html.escape(text)
    t = _BLANK_LINES.sub('<br><span class="qa-para"></span>', t)
    return _NEWLINE.sub("<br>", t)


def _marked_html(text: str, mark: list[bool], quoted: list[bool] | None = None) -> str:
    """Escaped `text` with <mark> over `mark` and <span class="qa-span"> over `quoted`."""
    quoted = quoted or [False] * len(text)
    out: list[str] = []
    i = 0
    while i < len(text):
        key = (quoted[i], mark[i])
        j = i + 1
        while j < len(text) and (quoted[j], mark[j]) == key:
            j += 1
        piece = _escape(text[i:j])
        if key[1]:
            piece = f"<mark>{piece}</mark>"
        if key[0]:
            piece = f'<span class="qa-span">{piece}</span>'
        out.append(piece)
        i = j
    return "".join(out)


def highlight(text: str, question: str) -> str:
    """`text` escaped, with the words of `question` in <mark>."""
    return _marked_html(text, _match_mask(text, question_terms(question)))


def line_numbers(text: str, start: int, end: int) -> tuple[int, int]:
    """1-based first and last line of text[start:end] (end exclusive)."""
    first = text.count("\n", 0, start) + 1
    last = first + text.count("\n", start, max(start, end - 1))
    return first, last


@functools.lru_cache(maxsize=64)
def _read_source(path: str) -> str | None:
    try:
        return Path(path).read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def source_text(path: str) -> str | None:
    """The cited file's text exactly as indexed (read once, then cached); None if unreadable."""
    return _read_source(path)


def _spans_ok(text: str, spans: list[Span]) -> bool:
    return bool(spans) and all(0 <= s <= e <= len(text) for s, e in spans)


# -- the context view -------------------------------------------------------------


def context_html(source: str, spans: list[Span], question: str, radius: int = CONTEXT_CHARS) -> str:
    """A collapsed <details> showing the quoted spans inside `radius` characters of
    their surrounding source text on each side; spans far apart get a window each."""
    spans = sorted((int(s), int(e)) for s, e in spans)
    terms = question_terms(question)
    windows: list[list[int]] = []
    for s, e in spans:
        a, b = max(0, s - radius), min(len(source), e + radius)
        if windows and a <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], b)
        else:
            windows.append([a, b])
    parts: list[str] = []
    for a, b in windows:
        chunk = source[a:b]
        quoted = [False] * len(chunk)
        for s, e in spans:
            for k in range(max(s, a), min(e, b)):
                quoted[k - a] = True
        body = _marked_html(chunk, _match_mask(chunk, terms), quoted)
        lead = '<span class="qa-gap">…</span>' if a > 0 else ""
        tail = '<span class="qa-gap">…</span>' if b < len(source) else ""
        parts.append(lead + body + tail)
    inner = '<span class="qa-gap-sep"> ⋯ </span>'.join(parts)
    return (
        '<details class="qa-context"><summary>上下文 / Context</summary>'
        f'<div class="qa-context-text">{inner}</div></details>'
    )


# -- answers ----------------------------------------------------------------------


def citation_place(c: Citation, source: str | None) -> str | None:
    """Where the quote is in its file: "第 5 行 / line 5", "第 6–7 行 / lines 6–7", or the
    page/paragraph `location` of a .docx/.pdf; None when the source file cannot be read."""
    if source is None or not _spans_ok(source, c.spans):
        return None
    if c.location:  # a .docx paragraph or .pdf page says where in the original it is
        return c.location
    first, last = line_numbers(source, min(s for s, _ in c.spans), max(e for _, e in c.spans))
    if first == last:
        return f"第 {first} 行 / line {first}"
    return f"第 {first}–{last} 行 / lines {first}–{last}"


def _where_html(c: Citation, source: str | None) -> str:
    name = html.escape(Path(c.source).name)
    place = citation_place(c, source)
    if place is None:
        return f'<div class="qa-where">{name} <span class="qa-warn">（源文件不可读 / source file unavailable）</span></div>'
    changed = ""
    if join_spans(source, c.spans) != c.text:
        changed = ' <span class="qa-warn">（源文件已更改 / file changed since indexing）</span>'
    return (
        f'<div class="qa-where" title="{html.escape(c.source)}">'
        f'<span class="qa-file">{name}</span> · <span class="qa-lines">{html.escape(place)}</span>{changed}</div>'
    )


def render_citation(c: Citation, question: str) -> str:
    """One source: [n], title, the quote with the question's words marked, file and lines, context."""
    source = source_text(c.extracted or c.source)
    context = ""
    if source is not None and _spans_ok(source, c.spans):
        context = context_html(source, c.spans, question)
    return (
        '<div class="qa-source">'
        f'<div class="qa-source-head"><span class="qa-n">[{int(c.n)}]</span> '
        f'<span class="qa-title">{html.escape(c.title or "")}</span></div>'
        f'<blockquote class="qa-quote">{highlight(c.text, question)}</blockquote>'
        f"{_where_html(c, source)}{context}</div>"
    )


def _answer_text_html(text: str) -> str:
    """The answer text, escaped, with each [n] a link to its source (the page script opens
    and scrolls to that source's context view; without the script it is plain text)."""
    body = _escape(text)
    return re.sub(
        r"\[(\d{1,3})\]",
        r'<a class="qa-ref" href="#" title="查看来源 \1 / show source \1">[\1]</a>',
        body,
    )


def render_reading(standalone: str, reading: str | None = None) -> str:
    """The line above an answer to a follow-up: how the question was read with the conversation
    (or with a misspelt glossary term fixed)."""
    return (
        f'<div class="qa-reading"><span class="qa-reading-label">{reading_label(reading)}：</span>'
        f'<span class="qa-standalone">{_escape(standalone)}</span></div>'
    )


def _reply_parts(answer: Answer) -> tuple[str, list[Citation], str]:
    """(answer text, the citations listed under it, their label) as the chat shows them."""
    if answer.found:
        return answer.answer, answer.citations, "来源 / Sources"
    # Passages that may be related: Answer.related, or (as Answerer.ask returns them today)
    # the citations of a not-found answer.
    related = answer.related or answer.citations
    # The answer text repeats the related titles as plain lines; they are listed below.
    text = answer.answer.split("\n", 1)[0] if related else answer.answer
    return text, related, "可能相关 / Possibly related"


def answer_plain_text(answer: Answer) -> str:
    """What the copy button copies: the answer (how a follow-up was read, the verdict when
    not found) and each citation's [n], title, file name and lines or page/paragraph."""
    if answer.error:
        return answer.error
    text, cites, label = _reply_parts(answer)
    lines: list[str] = []
    if answer.standalone_question:
        lines.append(f"{reading_label(answer.reading)}：{answer.standalone_question}")
    if not answer.found:
        lines.append("未找到 / Not found")
    lines.append(text.strip())
    if cites:
        lines += ["", f"{label}："]
        for c in cites:
            place = citation_place(c, source_text(c.extracted or c.source))
            where = Path(c.source).name + (f"，{place}" if place else "")
            lines.append(f"[{int(c.n)}] {c.title or ''} — {where}")
    return "\n".join(lines)


def _copy_html(answer: Answer) -> str:
    """The copy button and, hidden, the plain text it copies (newlines as &#10; so the
    message stays one line of HTML)."""
    text = html.escape(answer_plain_text(answer)).replace("\r", "").replace("\n", "&#10;")
    return (
        '<div class="qa-tools"><button type="button" class="qa-copy" '
        'title="复制答案和出处 / Copy the answer with its sources">复制 / Copy</button></div>'
        f'<div class="qa-copy-text" hidden>{text}</div>'
    )


def render_answer(answer: Answer, question: str | None = None) -> str:
    """The assistant's reply as one line of HTML: how a follow-up was read, the answer
    text, a copy button, then its sources (or, when not found, the passages that may be
    related), or the error message. The question's words (as read) are marked in quotes."""
    question = answer.question if question is None else question
    if answer.standalone_question:
        question = answer.standalone_question  # mark the words of the question as read
    reading = (
        render_reading(answer.standalone_question, answer.reading)
        if answer.standalone_question
        else ""
    )
    if answer.error:
        return f'<div class="qa-reply qa-error">⚠️ {_escape(answer.error)}</div>'
    text, cites, label = _reply_parts(answer)
    if answer.found:
        kind = f"qa-found qa-level-{html.escape(answer.level or 'low')}"
        if answer.level == "low":
            badge = (
                '<div class="qa-badge qa-badge-low">⚠️ 可能相关，请核对来源 / '
                "possibly related: check the sources"
                f" · {answer.confidence:.0%}</div>"
            )
        else:
            names = {"high": "高 / high", "medium": "中 / medium"}
            badge = (
                f'<div class="qa-badge qa-badge-{html.escape(answer.level)}">'
                f"置信度 / confidence: {names.get(answer.level, answer.level)}"
                f" · {answer.confidence:.0%}</div>"
            )
    else:
        kind = "qa-notfound"
        # the verdict first, visible without scrolling; the nearest passages below it
        badge = '<div class="qa-badge qa-badge-none qa-verdict">❌ 未找到 / Not found</div>'
    parts = [
        f'<div class="qa-reply {kind}">{reading}{badge}'
        f'<div class="qa-answer">{_answer_text_html(text)}</div>{_copy_html(answer)}'
    ]
    if cites:
        parts.append(f'<div class="qa-sources"><div class="qa-sources-label">{label}</div>')
        parts.extend(render_citation(c, question) for c in cites)
        parts.append("</div>")
    parts.append("</div>")
    return "".join(parts)


def render_question(question: str) -> str:
    """The user's message, escaped (and clipped when very long)."""
    q = question or ""
    if len(q) > QUESTION_DISPLAY_CHARS:
        q = q[:QUESTION_DISPLAY_CHARS] + f"… ({len(question):,} 字符 / characters)"
    q = q.translate(_CONTROL_PICTURES)  # show control characters, don't send them to the page
    return f'<div class="qa-question">{_escape(q) or "&nbsp;"}</div>'


FAILURE = (
    "出错了，这个问题没能回答。请换个说法再问一次；如果一直出错，请联系本服务的管理员查看服务器日志。"
    " / Something went wrong while answering this question. Try asking it again in other words;"
    " if it keeps happening, ask whoever runs this app to check the server log."
)


def failure_text(exc: BaseException) -> str:
    """What the user can do next; never the exception's class or message (the log has them),
    except for the project's own errors, whose messages are written for the user."""
    from qa.errors import QAError

    return str(exc) if isinstance(exc, QAError) and str(exc) else FAILURE


def render_failure(exc: BaseException | str) -> str:
    """A failed answer; a str is a message already written for the user (kept with a turn)."""
    text = exc if isinstance(exc, str) else failure_text(exc)
    return f'<div class="qa-reply qa-error">⚠️ {_escape(text)}</div>'


# -- the conversation ---------------------------------------------------------------
#
# The conversation lives in the browser (gr.BrowserState, localStorage) as
# {"v": STORE_VERSION, "turns": [{"q": question, "a": Answer.to_json()} | {"q": .., "fail": ..}]}.
# The chat is always rendered from it on the server, so text read back from the browser
# goes through the same escaping as a fresh answer, and a citation is only shown (and its
# file read for the context view) when it names a file of the loaded index.

STORE_VERSION = 1
MAX_TURNS = 50  # turns kept in the browser (oldest dropped first)
HISTORY_QUESTIONS = 8  # earlier questions passed to the rewriter with a new one


def new_store() -> dict:
    return {"v": STORE_VERSION, "turns": []}


def _turns(store) -> list[dict]:
    """The stored turns; a missing, old-format or damaged store is an empty conversation."""
    if not isinstance(store, dict) or store.get("v") != STORE_VERSION:
        return []
    turns = store.get("turns")
    if not isinstance(turns, list):
        return []
    return [t for t in turns if isinstance(t, dict) and isinstance(t.get("q"), str)]


def _store(turns: list[dict]) -> dict:
    return {"v": STORE_VERSION, "turns": turns[-MAX_TURNS:]}


def known_sources(pipeline) -> frozenset[str]:
    """The files a citation may name: the index's sources and saved extracted texts."""
    try:
        index = pipeline.index
        docs = index.manifest["documents"]
        return frozenset(
            [d["source"] for d in docs]
            + [str(index.path / d["extracted"]) for d in docs if d.get("extracted")]
        )
    except (AttributeError, KeyError, TypeError):  # a stand-in pipeline: read its passages
        pass
    try:
        passages = pipeline.index.passages
    except AttributeError:
        return frozenset()
    return frozenset(
        p for q in passages for p in (q.source, q.extracted) if isinstance(p, str) and p
    )


def _citation_from_json(d: dict, allowed: frozenset[str]) -> Citation:
    source, extracted = str(d["source"]), d.get("extracted")
    if source not in allowed or (extracted is not None and extracted not in allowed):
        raise ValueError("citation of a file outside the index")
    spans = [(int(s), int(e)) for s, e in d.get("spans") or []]
    location = d.get("location")
    return Citation(
        int(d["n"]),
        source,
        str(d.get("title") or ""),
        str(d.get("text") or ""),
        spans,
        float(d.get("score") or 0.0),
        str(extracted) if extracted else None,
        str(location) if location else None,
    )


def answer_from_json(d, allowed: frozenset[str]) -> Answer | None:
    """An Answer back from its `to_json()` (as kept in the browser); None when the data is
    damaged or cites a file that is not in `allowed`."""
    try:
        standalone = d.get("standalone_question")
        level = str(d.get("level") or "low")
        return Answer(
            question=str(d.get("question") or ""),
            found=bool(d["found"]),
            answer=str(d.get("answer") or ""),
            citations=[_citation_from_json(c, allowed) for c in d.get("citations") or []],
            related=[_citation_from_json(c, allowed) for c in d.get("related") or []],
            error=str(d["error"]) if d.get("error") else None,
            confidence=float(d.get("confidence") or 0.0),
            level=level if level in ("high", "medium", "low") else "low",
            asked=str(d.get("asked") or ""),
            standalone_question=str(standalone) if standalone else None,
            reading=d["reading"] if d.get("reading") in READINGS else "conversation",
        )
    except (AttributeError, KeyError, TypeError, ValueError):
        return None


def answer_turn(
    pipeline, question: str | None, earlier: list[str], sources: set[str] | None = None
) -> dict:
    """One stored turn: the question answered with the earlier questions as its history;
    never raises (a failure is kept as the message the user sees; the log has the traceback)."""
    from qa.errors import printable

    question = "" if question is None else str(question)
    # kept as shown: a lone surrogate (JS strings may hold one) would break the page's JSON;
    # the answerer gets the question as typed, and says what is wrong with it
    shown = printable(question)
    try:
        history = earlier[-HISTORY_QUESTIONS:] or None
        kw = {} if sources is None else {"sources": sources}  # None: every document
        answer = pipeline.answerer.ask(question, history=history, **kw)
        return {"q": shown, "a": answer.to_json()}
    except Exception as e:  # the user sees a short message; the log keeps the traceback
        log.exception("answering %r failed", question[:200])
        return {"q": shown, "fail": failure_text(e)}


def render_turn(turn: dict, allowed: frozenset[str]) -> list[dict]:
    """A stored turn as the chat's two messages."""
    if "fail" in turn:
        reply = render_failure(str(turn["fail"]))
    else:
        answer = answer_from_json(turn.get("a"), allowed)
        reply = (
            render_answer(answer, turn["q"])
            if answer is not None
            else render_failure(
                "保存的回答无法读取，请重新提问 / saved answer unreadable: ask again"
            )
        )
    return [
        {"role": "user", "content": render_question(turn["q"])},
        {"role": "assistant", "content": reply},
    ]


def chat_messages(store, allowed: frozenset[str]) -> list[dict]:
    """The chat's messages for a stored conversation."""
    return [m for t in _turns(store) for m in render_turn(t, allowed)]


def _turn_index(turns: list[dict], index) -> int:
    """The turn a chat event (retry / undo) points at: its message index // 2, else the last."""
    if isinstance(index, (list, tuple)):
        index = index[0] if index else None
    if isinstance(index, int) and 0 <= index // 2 < len(turns):
        return index // 2
    return len(turns) - 1


def ask_in_conversation(
    pipeline, question: str | None, store, sources: set[str] | None = None
) -> dict:
    """The store with `question` answered (as a follow-up of the earlier turns) appended;
    `sources` limits the documents searched (None: all)."""
    turns = _turns(store)
    return _store(turns + [answer_turn(pipeline, question, [t["q"] for t in turns], sources)])


def retry_turn(pipeline, store, index=None, sources: set[str] | None = None) -> dict:
    """The store with turn `index` (default: the last) answered again and any later turns dropped."""
    turns = _turns(store)
    if not turns:
        return _store([])
    k = _turn_index(turns, index)
    earlier = [t["q"] for t in turns[:k]]
    return _store(turns[:k] + [answer_turn(pipeline, turns[k]["q"], earlier, sources)])


def undo_turn(store, index=None) -> tuple[dict, str]:
    """The store without turn `index` (default: the last) and the turns after it, and that
    turn's question (put back in the input box, as chat apps do)."""
    turns = _turns(store)
    if not turns:
        return _store([]), ""
    k = _turn_index(turns, index)
    return _store(turns[:k]), turns[k]["q"]


# -- the page ---------------------------------------------------------------------

CSS = """
.gradio-container { max-width: 1000px !important; margin: 0 auto !important; }
.qa-header h1 { font-size: 1.6rem; margin: 0.2rem 0 0.1rem; }
.qa-header p { margin: 0; color: var(--body-text-color-subdued); font-size: 0.9rem; }
#chat .qa-question { white-space: normal; }
#chat .qa-reply { line-height: 1.65; }
#chat .qa-answer { font-size: 1.02rem; }
#chat a.qa-ref { color: var(--color-accent); font-weight: 600; font-size: 0.75em;
  vertical-align: super; line-height: 0; text-decoration: none; cursor: pointer; }
#chat a.qa-ref:hover { text-decoration: underline; }
#chat .qa-reading { font-size: 0.82rem; color: var(--body-text-color-subdued);
  margin-bottom: 0.3rem; }
#chat .qa-reading .qa-standalone { color: var(--body-text-color); font-weight: 600; }
#chat .qa-tools { margin-top: 0.25rem; }
#chat button.qa-copy { font-size: 0.75rem; padding: 0.05rem 0.55rem; border-radius: 4px;
  border: 1px solid var(--border-color-primary); background: var(--background-fill-primary);
  color: var(--body-text-color-subdued); cursor: pointer; }
#chat button.qa-copy:hover { color: var(--color-accent); border-color: var(--color-accent); }
#chat .qa-copy-text { display: none !important; }
#chat .qa-source.qa-flash { animation: qa-flash 1.6s ease-out; border-radius: 4px; }
@keyframes qa-flash { from { background: #fff3b0; } to { background: transparent; } }
#chat .qa-error { color: #b42318; }
#chat .qa-notfound .qa-answer { color: #8a4b00; }
#chat .qa-badge { display: inline-block; font-size: 0.78rem; padding: 0.05rem 0.5rem;
  border-radius: 999px; margin-bottom: 0.35rem; }
#chat .qa-badge-high { background: #e3f7e8; color: #1a7f37; }
#chat .qa-badge-medium { background: #eef3ff; color: #2456c7; }
#chat .qa-badge-low { background: #fff4d6; color: #8a4b00; font-weight: 600; }
#chat .qa-badge-none { background: #fde8e8; color: #b42318; font-weight: 600; }
#chat .qa-level-low .qa-answer { border-left: 3px dashed #e0a800; padding-left: 0.5rem; }
#chat .qa-sources { margin-top: 0.8rem; border-top: 1px solid var(--border-color-primary); padding-top: 0.5rem; }
#chat .qa-sources-label { font-size: 0.8rem; font-weight: 600; letter-spacing: 0.03em;
  color: var(--body-text-color-subdued); margin-bottom: 0.35rem; }
#chat .qa-source { margin: 0.45rem 0 0.8rem; }
#chat .qa-source-head { font-weight: 600; font-size: 0.92rem; }
#chat .qa-n { color: var(--color-accent); margin-right: 0.15rem; }
#chat blockquote.qa-quote { margin: 0.3rem 0 0.25rem !important; padding: 0.35rem 0.7rem;
  border-left: 3px solid var(--color-accent); background: var(--background-fill-secondary);
  font-size: 0.93rem; border-radius: 0 4px 4px 0; }
#chat .qa-quote mark, #chat .qa-context-text mark { background: #ffe58f; color: inherit;
  padding: 0 1px; border-radius: 2px; }
#chat .qa-where { font-size: 0.78rem; color: var(--body-text-color-subdued); }
#chat .qa-warn { color: #b42318; }
#chat details.qa-context { margin-top: 0.2rem; font-size: 0.86rem; }
#chat details.qa-context summary { cursor: pointer; color: var(--color-accent);
  font-size: 0.8rem; width: fit-content; }
#chat .qa-context-text { margin-top: 0.3rem; padding: 0.45rem 0.7rem; max-height: 18rem;
  overflow-y: auto; border: 1px dashed var(--border-color-primary); border-radius: 4px;
  color: var(--body-text-color-subdued); }
#chat .qa-context-text .qa-span { color: var(--body-text-color); background: #e6f0ff;
  box-shadow: inset 0 -2px 0 #7aa7ff; }
#chat .qa-para { display: block; height: 0.45em; }
#chat .qa-gap, #chat .qa-gap-sep { color: var(--body-text-color-subdued); }
.qa-examples { align-items: center; gap: 0.4rem !important; flex-wrap: wrap; }
.qa-examples .qa-examples-label { flex: 0 0 auto !important; min-width: 0 !important; }
.qa-examples .qa-examples-label p { margin: 0; font-size: 0.85rem; color: var(--body-text-color-subdued); }
.qa-examples button.qa-example { flex: 0 0 auto !important; min-width: 0 !important; }
.qa-footer { font-size: 0.78rem; color: var(--body-text-color-subdued); text-align: center; }
"""


# The page's script (in <head>): the page language, and the reply controls. The chat's
# sanitizer strips inline handlers, so clicks are handled here, by delegation.
HEAD = """
<script>
(() => {
  const root = document.documentElement;
  const zh = () => { if (root.lang !== "zh-CN") root.lang = "zh-CN"; };
  zh();
  new MutationObserver(zh).observe(root, { attributes: true, attributeFilter: ["lang"] });

  async function copy(text) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch (e) {
      const area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.cssText = "position:fixed;top:0;left:0;opacity:0";
      document.body.appendChild(area);
      area.select();
      let ok = false;
      try { ok = document.execCommand("copy"); } catch (e2) { ok = false; }
      area.remove();
      return ok;
    }
  }

  function openSource(ref) {
    const reply = ref.closest(".qa-reply");
    const n = (ref.textContent.match(/\\d+/) || [])[0];
    if (!reply || !n) return;
    const source = Array.from(reply.querySelectorAll(".qa-source")).find(
      (s) => ((s.querySelector(".qa-n") || {}).textContent || "").replace(/\\D/g, "") === n
    );
    if (!source) return;
    const details = source.querySelector("details.qa-context");
    if (details) details.open = true;
    source.scrollIntoView({ behavior: "smooth", block: "start" });
    source.classList.remove("qa-flash");
    void source.offsetWidth;
    source.classList.add("qa-flash");
  }

  document.addEventListener("click", async (event) => {
    const target = event.target instanceof Element ? event.target : null;
    if (!target || !target.closest("#chat")) return;
    const ref = target.closest(".qa-ref");
    if (ref) {
      event.preventDefault();
      event.stopPropagation();
      openSource(ref);
      return;
    }
    const button = target.closest(".qa-copy");
    if (button) {
      event.preventDefault();
      event.stopPropagation();
      const reply = button.closest(".qa-reply");
      const text = reply && reply.querySelector(".qa-copy-text");
      if (!text) return;
      const ok = await copy(text.textContent);
      const label = button.dataset.label || button.textContent;
      button.dataset.label = label;
      button.textContent = ok ? "已复制 / Copied" : "复制失败 / Copy failed";
      setTimeout(() => { button.textContent = label; }, 1500);
    }
  }, true);
})();
</script>
"""


def _theme():
    import gradio as gr

    # System fonts only: the app runs offline, so nothing may be fetched from a font CDN.
    sans = ["system-ui", "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "sans-serif"]
    return gr.themes.Soft(font=sans, font_mono=["ui-monospace", "monospace"])


def _corpus_note(pipeline) -> str:
    try:
        m = pipeline.index.manifest
        files = [Path(f["path"]).name for f in m["corpus"]["files"]]
        n = m["units"]["passages"]
    except Exception:
        return ""
    shown = "、".join(html.escape(f) for f in files[:3]) + (" …" if len(files) > 3 else "")
    return f"语料 / Corpus: {len(files)} 个文件 / file(s), {n} 段 / passages — {shown}"


def storage_key(pipeline) -> str:
    """The browser's key for the conversation: one per corpus (the index's content hash), so
    a conversation about other documents is not shown."""
    try:
        return "policy-qa-chat-" + str(pipeline.index.manifest["content_hash"])[:16]
    except (AttributeError, KeyError, TypeError):
        return "policy-qa-chat"


# gr.BrowserState encrypts in the page with a key the page is given; it is not a secret
# from the browser's user. A fixed key lets the conversation outlive a server restart.
STORE_SECRET = "policy-qa-conversation"


def build_ui(pipeline):
    """The chat page around an already loaded pipeline (nothing is loaded per request)."""
    import gradio as gr

    from qa.app_docs import add_documents_panel, selected_sources

    def show(store) -> list[dict]:
        try:
            # the files of the index as it is now (documents may be added or removed)
            return chat_messages(store, known_sources(pipeline))
        except Exception as e:  # rendering does not raise; this is belt and braces
            log.exception("rendering the conversation failed")
            return [{"role": "assistant", "content": render_failure(e)}]

    def pending(question, store):
        """Step 1, at once: the question shown in the chat, the box emptied."""
        q = "" if question is None else str(question)
        return show(store) + [{"role": "user", "content": render_question(q)}], "", q

    def answer(question, store, selected=None):
        """Step 2: the question answered as a follow-up of the conversation, in the documents
        chosen in the documents panel."""
        sources = selected_sources(pipeline, selected)
        store = ask_in_conversation(pipeline, question, store, sources)
        return show(store), store

    def retry(data, store, selected=None):
        store = retry_turn(pipeline, store, data.index, selected_sources(pipeline, selected))
        return show(store), store

    def undo(data, store):
        store, question = undo_turn(store, data.index)
        return show(store), store, question

    # Gradio passes the event data by the parameter's type; with postponed annotations a
    # nested function's "gr.RetryData" would not resolve, so the types are set as objects.
    retry.__annotations__ = {"data": gr.RetryData}
    undo.__annotations__ = {"data": gr.UndoData}

    def clear():
        return [], new_store(), ""

    with gr.Blocks(title=TITLE, analytics_enabled=False) as demo:
        store = gr.BrowserState(new_store(), storage_key=storage_key(pipeline), secret=STORE_SECRET)
        asked = gr.State("")
        gr.HTML(
            f'<div class="qa-header"><h1>{html.escape(TITLE)}</h1>'
            "<p>答案逐字引自文件，并注明出处与行号；可以接着上一个问题追问 · Answers are quoted "
            "verbatim from the documents, with their source and line numbers; ask follow-up "
            "questions.</p></div>",
            elem_id="header",
        )
        chatbot = gr.Chatbot(
            elem_id="chat",
            label="对话 / Chat",
            show_label=False,
            height="62vh",
            min_height=360,
            latex_delimiters=[],
            feedback_options=None,
            buttons=[],
            placeholder=(
                "<div style='text-align:center;opacity:.7'>问一个关于文件的问题，或点击下面的示例。"
                "<br>Ask a question about the documents, or click an example below.</div>"
            ),
        )
        with gr.Row(equal_height=True):
            box = gr.Textbox(
                elem_id="question",
                placeholder="输入问题，可接着上文追问 / Ask a question or a follow-up",
                show_label=False,
                lines=1,
                max_lines=4,
                scale=8,
                autofocus=True,
            )
            ask_btn = gr.Button("提问 / Ask", elem_id="ask", variant="primary", scale=1)
        with gr.Row(elem_classes="qa-examples"):
            gr.Markdown("示例 / Examples:", elem_classes="qa-examples-label")
            example_btns = [
                gr.Button(q, size="sm", variant="secondary", elem_classes="qa-example")
                for q in EXAMPLES
            ]
        note = _corpus_note(pipeline)
        if note:
            gr.HTML(f'<div class="qa-footer">{note}</div>', elem_id="corpus")
        chosen = add_documents_panel(pipeline)  # upload, list, remove, choose (qa/app_docs.py)

        # several answers at once: their questions share one encoder call (BatchingEmbedder)
        limit = pipeline.settings.serve_concurrency
        opts = {"concurrency_id": "qa", "concurrency_limit": limit, "show_progress": "minimal"}
        for trigger in (ask_btn.click, box.submit):
            trigger(pending, [box, store], [chatbot, box, asked], queue=False).then(
                answer, [asked, store, chosen], [chatbot, store], **opts
            )
        for b, q in zip(example_btns, EXAMPLES, strict=True):
            b.click(lambda s, q=q: pending(q, s), [store], [chatbot, box, asked], queue=False).then(
                answer, [asked, store, chosen], [chatbot, store], **opts
            )
        chatbot.retry(retry, [store, chosen], [chatbot, store], **opts)
        chatbot.undo(undo, [store], [chatbot, store, box], queue=False)
        # the chat's own trash button is the one clear control; it empties the saved copy too
        chatbot.clear(clear, None, [chatbot, store, box], queue=False)
        demo.load(show, [store], [chatbot], queue=False)

        def ask(question: str, history: list[str] | None = None) -> dict:
            """One answer as JSON (the fields of `qa ask --json`) under "a", or the message
            the user would see under "fail"; `history`: earlier questions, oldest first."""
            earlier = [str(h) for h in history or [] if isinstance(h, str)]
            return answer_turn(pipeline, question, earlier)

        gr.api(ask, api_name="ask", concurrency_id="qa", concurrency_limit=limit)
    return demo


def serve(
    pipeline, host: str = "127.0.0.1", port: int = 7860, auth: tuple[str, str] | None = None
) -> None:
    """Run the chat on host:port until interrupted. A host that is not loopback needs `auth`
    (user, password); file uploads are refused (qa/serving.py)."""
    from qa.app_docs import CSS as DOCS_CSS
    from qa.serving import check_exposure, launch_options

    print(check_exposure(host, auth), flush=True)  # or ServeRefused: open to anyone
    demo = build_ui(pipeline)
    # queue positions sent on a clock, not to every waiting client each time an answer
    # finishes (Gradio's "auto": O(waiting^2) messages under load; bench/clients.py)
    demo.queue(default_concurrency_limit=1, status_update_rate=pipeline.settings.queue_status_every)
    demo.launch(
        server_name=host,
        server_port=port,
        share=False,
        show_error=False,
        css=CSS + DOCS_CSS,
        head=HEAD,
        theme=_theme(),
        footer_links=[],
        **launch_options(host, auth),
    )
