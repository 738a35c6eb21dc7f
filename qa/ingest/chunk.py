"""Passages: the retrievable units cut from articles and glossary notes.

Article passages pack whole sentences of one paragraph up to MAX_CHARS. 180
characters is two to four sentences of this prose: short enough that a dense
vector stays about one thing and an answer can quote it, far under the
model's 512-token window. A sentence longer than that stays whole. A very
short paragraph (a subheading) rides with the paragraph after it. Notes stay
whole: a definition is one unit a user wants back entire.
"""

from __future__ import annotations

from qa.settings import DEFAULTS
from qa.spans import sentence_bounds, sub_spans
from qa.types import Article, GlossaryEntry, Passage, Span

MAX_CHARS = DEFAULTS.max_chars  # Settings.max_chars; an index records the value it used
SHORT_PARAGRAPH = 30


def note_title(g: GlossaryEntry) -> str:
    parts = [
        "工作注释",
        g.part or "",
        (g.section or "").split(" ")[0],
        f"注释{g.number}「{g.term}」",
    ]
    return " · ".join(p for p in parts if p)


def article_title(a: Article) -> str:
    if a.title:
        return a.title
    return f"（{a.continued_from}）" if a.continued_from else "（无标题）"


def make_passages(
    source_text: str,
    articles: list[Article],
    glossary: list[GlossaryEntry],
    start_id: int = 0,
    max_chars: int = MAX_CHARS,
) -> list[Passage]:
    out: list[Passage] = []
    for g in glossary:
        out.append(
            Passage(
                id=start_id + len(out),
                source=g.source,
                kind="note",
                title=note_title(g),
                text=g.text,
                spans=list(g.spans),
                note=g.number,
                term=g.term,
                aliases=list(g.aliases),
                part=g.part,
                headings=[(t, s) for t, s in g.headings if source_text[s[0] : s[1]] == t],
            )
        )
    for a in articles:
        title = article_title(a)
        for para, spans in _chunk_article(a, max_chars):
            text = "".join(source_text[s:e] for s, e in spans)
            out.append(
                Passage(
                    id=start_id + len(out),
                    source=a.source,
                    kind="article",
                    title=title,
                    text=text,
                    spans=spans,
                    article=a.title,
                    paragraph=para,
                    headings=[
                        (a.title, s)
                        for s in a.title_spans[:1]
                        if a.title and source_text[s[0] : s[1]] == a.title
                    ],
                )
            )
    return out


def _chunk_article(a: Article, max_chars: int = MAX_CHARS) -> list[tuple[int, list[Span]]]:
    """(paragraph index, spans) of each chunk; a carried subheading counts with what follows."""
    chunks: list[tuple[int, list[Span]]] = []
    carry: list[Span] = []
    for k, p in enumerate(a.paragraphs):
        kicker = p.text.rstrip().endswith(("——", "—"))
        if len(p.text) < SHORT_PARAGRAPH and (not carry or kicker):
            if carry:  # a kicker (民主民生,交融共鸣——) heads what follows, not what precedes
                chunks.append((k - 1, carry))
            carry = list(p.spans)
            continue
        cur: list[Span] = list(carry)
        cur_len = sum(e - s for s, e in carry)
        carry = []
        for i, j in sentence_bounds(p.text):
            if cur and cur_len + (j - i) > max_chars and cur_len >= SHORT_PARAGRAPH:
                chunks.append((k, cur))
                cur, cur_len = [], 0
            cur.extend(sub_spans(p.spans, i, j))
            cur_len += j - i
        if cur:
            chunks.append((k, cur))
    if carry:
        chunks.append((len(a.paragraphs) - 1, carry))
    return [(k, _merge(c)) for k, c in chunks]


def _merge(spans: list[Span]) -> list[Span]:
    """Join touching spans so a citation lists each stretch of the file once."""
    out: list[Span] = []
    for s, e in spans:
        if out and out[-1][1] == s:
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out
