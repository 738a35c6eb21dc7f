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
from qa.types import Answer, Citation, Span, join_spans

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


def _where_html(c: Citation, source: str | None) -> str:
    name = html.escape(Path(c.source).name)
    if source is None or not _spans_ok(source, c.spans):
        return f'<div class="qa-where">{name} <span class="qa-warn">（源文件不可读 / source file unavailable）</span></div>'
    first, last = line_numbers(source, min(s for s, _ in c.spans), max(e for _, e in c.spans))
    lines = (
        f"第 {first} 行 / line {first}"
        if first == last
        else f"第 {first}–{last} 行 / lines {first}–{last}"
    )
    if c.location:  # a .docx paragraph or .pdf page says where in the original it is
        lines = html.escape(c.location)
    changed = ""
    if join_spans(source, c.spans) != c.text:
        changed = ' <span class="qa-warn">（源文件已更改 / file changed since indexing）</span>'
    return (
        f'<div class="qa-where" title="{html.escape(c.source)}">'
        f'<span class="qa-file">{name}</span> · <span class="qa-lines">{lines}</span>{changed}</div>'
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
    body = _escape(text)
    return re.sub(r"\[(\d{1,3})\]", r'<sup class="qa-ref">[\1]</sup>', body)


def render_answer(answer: Answer, question: str | None = None) -> str:
    """The assistant's reply as one line of HTML: answer text, then its sources
    (or, when not found, the passages that may be related), or the error message."""
    question = answer.question if question is None else question
    if answer.error:
        return f'<div class="qa-reply qa-error">⚠️ {_escape(answer.error)}</div>'
    badge = ""
    if answer.found:
        label, cites = "来源 / Sources", answer.citations
        kind = f"qa-found qa-level-{html.escape(answer.level or 'low')}"
        text = answer.answer
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
        # Passages that may be related: Answer.related, or (as Answerer.ask returns them today)
        # the citations of a not-found answer.
        related = answer.related or answer.citations
        label, cites, kind = "可能相关 / Possibly related", related, "qa-notfound"
        # The answer text repeats the related titles as plain lines; they are listed below.
        text = answer.answer.split("\n", 1)[0] if cites else answer.answer
        # the verdict first, visible without scrolling; the nearest passages below it
        badge = '<div class="qa-badge qa-badge-none qa-verdict">❌ 未找到 / Not found</div>'
    parts = [
        f'<div class="qa-reply {kind}">{badge}<div class="qa-answer">{_answer_text_html(text)}</div>'
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


def render_failure(exc: BaseException) -> str:
    """What the user can do next; never the exception's class or message (the log has them),
    except for the project's own errors, whose messages are written for the user."""
    from qa.errors import QAError

    text = str(exc) if isinstance(exc, QAError) and str(exc) else FAILURE
    return f'<div class="qa-reply qa-error">⚠️ {_escape(text)}</div>'


def respond(
    pipeline, question: str | None, history: list | None, sources: set[str] | None = None
) -> list:
    """The chat history with the question and its rendered answer appended; never raises."""
    history = list(history or [])
    question = "" if question is None else str(question)
    try:
        kw = {} if sources is None else {"sources": sources}  # None: every document
        answer = pipeline.answerer.ask(question, **kw)
        reply = render_answer(answer, question)
    except Exception as e:  # the user sees a short message; the log keeps the traceback
        log.exception("answering %r failed", question[:200])
        reply = render_failure(e)
    # a lone surrogate (JS strings may hold one) would break the page's JSON: show U+FFFD
    from qa.errors import printable

    history.append({"role": "user", "content": render_question(printable(question))})
    history.append({"role": "assistant", "content": reply})
    return history


# -- the page ---------------------------------------------------------------------

CSS = """
.gradio-container { max-width: 1000px !important; margin: 0 auto !important; }
.qa-header h1 { font-size: 1.6rem; margin: 0.2rem 0 0.1rem; }
.qa-header p { margin: 0; color: var(--body-text-color-subdued); font-size: 0.9rem; }
#chat .qa-question { white-space: normal; }
#chat .qa-reply { line-height: 1.65; }
#chat .qa-answer { font-size: 1.02rem; }
#chat .qa-ref { color: var(--color-accent); font-weight: 600; font-size: 0.75em; }
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


def build_ui(pipeline):
    """The chat page around an already loaded pipeline (nothing is loaded per request)."""
    import gradio as gr

    from qa.app_docs import add_documents_panel, selected_sources

    def ask(question, history, selected=None):
        try:
            return respond(pipeline, question, history, selected_sources(pipeline, selected)), ""
        except Exception as e:  # respond() does not raise; this is belt and braces
            log.exception("chat handler failed")
            return list(history or []) + [
                {"role": "assistant", "content": render_failure(e)}
            ], question

    with gr.Blocks(title=TITLE, analytics_enabled=False) as demo:
        gr.HTML(
            f'<div class="qa-header"><h1>{html.escape(TITLE)}</h1>'
            "<p>答案逐字引自文件，并注明出处与行号 · Answers are quoted verbatim from the "
            "documents, with their source and line numbers.</p></div>",
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
                placeholder="输入问题 / Ask a question",
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
            clear = gr.Button("清空 / Clear", size="sm", elem_id="clear", elem_classes="qa-example")
        note = _corpus_note(pipeline)
        if note:
            gr.HTML(f'<div class="qa-footer">{note}</div>', elem_id="corpus")
        chosen = add_documents_panel(pipeline)  # upload, list, remove, choose (qa/app_docs.py)

        opts = {"concurrency_id": "qa", "concurrency_limit": 1, "show_progress": "minimal"}
        ask_btn.click(ask, [box, chatbot, chosen], [chatbot, box], **opts)
        box.submit(ask, [box, chatbot, chosen], [chatbot, box], **opts)
        for b, q in zip(example_btns, EXAMPLES, strict=True):
            b.click(lambda h, s, q=q: ask(q, h, s), [chatbot, chosen], [chatbot, box], **opts)
        clear.click(lambda: ([], ""), None, [chatbot, box], queue=False)
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
    demo.queue(default_concurrency_limit=1)
    demo.launch(
        server_name=host,
        server_port=port,
        share=False,
        show_error=False,
        css=CSS + DOCS_CSS,
        theme=_theme(),
        footer_links=[],
        **launch_options(host, auth),
    )
