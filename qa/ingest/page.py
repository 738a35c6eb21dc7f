"""Read a column-extracted page back into whole articles and glossary notes.

A line that starts while the line before it is unfinished is a continuation.
Where it goes is decided by what follows it: if the next note continues the
numbering of an unfinished note, it finishes that note; otherwise it finishes
the nearest unfinished article paragraph; if a glossary heading follows, it
finishes the latest note when that one is unfinished. A line that cannot start
a sentence (it starts with ，、 or 的) continues an unfinished unit even after a
finished line, and a plain line right after a finished note continues an
unfinished unit, since a glossary holds only notes. A unit whose sentence is
finished never takes a continuation. Text that cannot be placed is kept as its
own unit with a warning, never dropped.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from qa.ingest.lines import BULLET, Line, classify, split_lines
from qa.lang import HAN_RUN
from qa.spans import sub_spans
from qa.types import Article, GlossaryEntry, Paragraph, Span, join_spans

QUOTED = re.compile(r"“([^”]+)”")
# a quoted term, possibly with a few words before it (开发区“三化三制”)
QUOTED_TERM = re.compile(r"^[^“”。，,：:；]{0,12}“[^”]{1,30}”")
TERM_SEPARATOR = re.compile(r"\s*(?:是指|系指|指的是|即|是|指|，|,)\s*")
PLAIN_TERM = re.compile(r"^([^，,。：:；“”]{1,20}?)(?:是指|系指|指的是|即)")
ALSO_CALLED = re.compile(r"(?:又称|简称|也称|亦称|俗称)“([^”]{1,20})”")


def _trigrams(text: str) -> list[str]:
    return [text[i : i + 3] for i in range(len(text) - 2)]


@dataclass
class _Holder:
    """An article paragraph or a glossary note being assembled from fragments."""

    spans: list[Span]
    closed: bool
    article: Article | None = None
    note: _Note | None = None
    last_line: int = 0


@dataclass
class _Note:
    number: int
    part: str | None
    section: str | None
    headings: list[tuple[str, Span]] = field(default_factory=list)  # glossary's, part's
    holder: _Holder = field(init=False)


@dataclass
class PageParse:
    articles: list[Article]
    glossary: list[GlossaryEntry]
    markup: list[tuple[str, Span]]
    warnings: list[str]


def parse_page(text: str, source: str) -> PageParse:
    """Articles, glossary notes, markup spans and warnings of one page."""
    return _Assembler(text, source).run()


class _Assembler:
    def __init__(self, text: str, source: str) -> None:
        self.text = text
        self.source = source
        self.lines = split_lines(text)
        self.articles: list[Article] = []
        self.notes: list[_Note] = []
        self.markup: list[tuple[str, Span]] = []
        self.warnings: list[str] = classify(self.lines, source)
        self.open: list[_Holder] = []
        self.current: Article | None = None
        self.part: str | None = None
        self.section: str | None = None
        self.heading: tuple[str, Span] | None = None  # 工作注释: the glossary's heading line
        self.part_heading: tuple[str, Span] | None = None  # 一、2024年工作回顾: the part's
        self.paragraph_holders: dict[int, _Holder] = {}
        # the story that already carries kicker subheadings (民主民生,交融共鸣——): a later
        # kicker that follows a heading from another column continues it
        self.kicked: Article | None = None

    # -- helpers -------------------------------------------------------------
    def _new_article(
        self, title: str | None = None, title_spans: list[Span] | None = None
    ) -> Article:
        art = Article(self.source, title, title_spans or [], [])
        self.articles.append(art)
        self.current = art
        return art

    def _add_paragraph(self, ln: Line, closed: bool | None = None) -> _Holder:
        if self.current is None:
            self._new_article()
        assert self.current is not None
        span = (ln.body_start, ln.body_end)
        h = _Holder(
            [span],
            ln.closed if closed is None else closed,
            article=self.current,
            last_line=ln.index,
        )
        self.current.paragraphs.append(Paragraph("", h.spans))
        self._jump(h, ln)
        if not h.closed:
            self.open.append(h)
        return h

    def _extend(self, h: _Holder, ln: Line) -> None:
        h.spans.append((ln.body_start, ln.body_end))
        h.last_line = ln.index
        if h in self.open:
            self.open.remove(h)
        h.closed = ln.closed
        self._jump(h, ln)
        if not h.closed:
            self.open.append(h)
        self.current = h.article

    def _jump(self, h: _Holder, ln: Line) -> None:
        """A line ending in (下转第N版): the text goes on on another page, not on this one."""
        if not ln.suffix_len:
            return
        self._mark("jump_marker", ln.body_end, ln.end)
        h.closed = True
        if h.article is not None:
            h.article.continues_to = ln.text[-ln.suffix_len + 1 : -1]

    def _story(self) -> Article:
        """The article an opening dateline or byline belongs to: the one whose title was just
        read, else a new one."""
        cur = self.current
        if cur is not None and not cur.paragraphs:
            return cur
        return self._new_article()

    def _mark(self, label: str, s: int, e: int) -> None:
        if e > s:
            self.markup.append((label, (s, e)))

    # -- the pass --------------------------------------------------------------
    def run(self) -> PageParse:
        lines = self.lines
        prev: Line | None = None  # previous line that was not a running header
        prev_holder: _Holder | None = None
        for k, ln in enumerate(lines):
            kind = ln.kind
            if kind == "header":
                self._mark("running_header", ln.start, ln.end)
                continue
            holder: _Holder | None = None
            if kind == "para" and ln.dateline:  # a story opens with its dateline
                self._mark("dateline", ln.start, ln.body_start)
                art = self._story()
                art.dateline, art.byline = ln.dateline, ln.byline or art.byline
                holder = self._add_paragraph(ln)
                prev, prev_holder = ln, holder
                continue
            if kind == "para" and ln.byline and ln.prefix_len:  # （记者 张三）opening the text
                self._mark("byline", ln.start, ln.body_start)
                art = self._story()
                art.byline = ln.byline
                holder = self._add_paragraph(ln)
                prev, prev_holder = ln, holder
                continue
            if kind == "marker":
                self._mark("continuation_marker", ln.start, ln.body_start)
                label = ln.text[1 : ln.prefix_len - 1]
                cur = self.current
                if cur is not None and not cur.paragraphs and cur.continued_from is None:
                    cur.continued_from = label
                else:
                    self._new_article().continued_from = label
                if ln.body.strip():
                    holder = self._add_paragraph(ln)
            elif kind == "dateline":
                target = self.current or (self.articles[-1] if self.articles else None)
                if target is not None and target.paragraphs:
                    # a closing dateline (新华社北京3月3日电) says who sent the story and when:
                    # the story's last paragraph, so an answer can quote it
                    target.dateline = ln.text[1:-1]
                    target.paragraphs.append(Paragraph("", [(ln.start, ln.end)]))
                else:
                    self._mark("dateline", ln.start, ln.end)
                    if target is not None:
                        target.dateline = ln.text[1:-1]
            elif kind == "lead":
                self._mark("dateline", ln.start, ln.end)
                art = self._story()
                art.dateline, art.byline = ln.dateline, ln.byline or art.byline
            elif kind == "byline":
                self._mark("byline", ln.start, ln.end)
                target = self.current or (self.articles[-1] if self.articles else None)
                (target or self._new_article()).byline = ln.byline
            elif kind == "jump":
                self._mark("jump_marker", ln.start, ln.end)
                target = prev_holder.article if prev_holder is not None else self.current
                if target is not None:
                    target.continues_to = ln.text[1:-1]
                if prev_holder is not None and prev_holder in self.open:
                    self.open.remove(prev_holder)
                    prev_holder.closed = True
            elif kind == "glossary_head":
                self._mark("heading", ln.start, ln.end)
                self.heading, self.part_heading = (ln.body, (ln.body_start, ln.body_end)), None
                self.current = None
            elif kind == "part":
                self._mark("heading", ln.start, ln.end)
                self.part = ln.text.lstrip("# ")
                self.part_heading = (ln.body, (ln.body_start, ln.body_end))
                self.section = None
                self.current = None
            elif kind == "section":
                self._mark("heading", ln.start, ln.end)
                self.section = BULLET.sub("", ln.text.lstrip("# "))
                self.current = None
            elif kind == "note":
                self._mark("note_number", ln.start, ln.body_start)
                heads = [h for h in (self.heading, self.part_heading) if h]
                note = _Note(ln.number or 0, self.part, self.section, heads)
                note.holder = holder = _Holder(
                    [(ln.body_start, ln.body_end)], ln.closed, note=note, last_line=ln.index
                )
                self._jump(holder, ln)
                self.notes.append(note)
                if not holder.closed:
                    self.open.append(holder)
                self.current = None
            elif kind == "title":
                self._mark("title_markup", ln.start, ln.body_start)
                holder = self._title(ln, prev, prev_holder)
            else:
                holder = self._para(k, ln, prev, prev_holder)
            prev, prev_holder = ln, holder
        return self._finish()

    def _title(self, ln: Line, prev: Line | None, prev_holder: _Holder | None) -> _Holder | None:
        span = [(ln.body_start, ln.end)]
        cur = self.current
        kicker = ln.text.endswith(("——", "—"))
        if kicker and cur is not None and prev_holder is not None and prev_holder.article is cur:
            self.kicked = cur
            return self._add_paragraph(ln, closed=True)  # a subheading inside a running story
        if kicker and cur is None and self.kicked is not None:
            # a kicker is never a story's title: after a heading of another column it
            # resumes the story whose sections it names
            self.current = self.kicked
            return self._add_paragraph(ln, closed=True)
        if cur is not None and not cur.paragraphs and cur.title is None:
            cur.title, cur.title_spans = ln.body, span
        else:
            self._new_article(ln.body, span)
        return None

    def _para(self, k: int, ln: Line, prev: Line | None, prev_holder: _Holder | None) -> _Holder:
        is_continuation = prev_holder is not None and not prev_holder.closed and prev is not None
        # a line that cannot start a sentence, or a plain line after a finished note (a glossary
        # holds only notes), finishes an unfinished unit when there is one
        after_note = prev is not None and prev.kind == "note" and self.open
        if not is_continuation and (ln.cannot_start or after_note):
            ln.continuation = True
            owner = self._pick_owner(k)
            if owner is None:
                self.warnings.append(
                    f"{self.source}: line {ln.index + 1} cannot start a sentence and no unfinished text precedes it; kept as its own paragraph"
                )
                return self._add_paragraph(ln)
            self._extend(owner, ln)
            return owner
        if not is_continuation:
            # A finished fragment right before note n, while note n-1 is unfinished, ends that note.
            owner = self._unfinished_note_before(self._next_content(k)) if ln.closed else None
            if owner is None:
                return self._add_paragraph(ln)
            ln.continuation = True
            self._extend(owner, ln)
            return owner
        ln.continuation = True
        # A chain of continuation lines travels together; the first one picks the owner.
        in_chain = (
            prev is not None
            and prev.kind == "para"
            and prev_holder is not None
            and (prev_holder.last_line == prev.index and prev.continuation)
        )
        if in_chain:
            owner = prev_holder
        else:
            owner = self._pick_owner(k)
        if owner is None:
            self.warnings.append(
                f"{self.source}: line {ln.index + 1} continues a sentence whose start is not on this page; kept as its own paragraph"
            )
            return self._add_paragraph(ln)
        if not ln.cannot_start and (other := self._opens_like(ln, owner)) is not None:
            # 会议要求，… after 会议强调，… and 会议指出，… of another article still open: a
            # new paragraph of that article, not the end of this one's sentence
            self.warnings.append(
                f"{self.source}: line {ln.index + 1} opens the way paragraphs of another article do; started a new paragraph there"
            )
            self.current = other
            return self._add_paragraph(ln)
        self._extend(owner, ln)
        return owner

    def _opens_like(self, ln: Line, owner: _Holder) -> Article | None:
        """Another article with an unfinished paragraph whose paragraphs (two or more) open with
        the same two characters as this line (会议强调，/ 会议指出，/ 会议要求，): news reports
        open paragraph after paragraph alike, so the line starts one of its paragraphs. None
        when no article, or more than one, opens that way, or the owner's article does."""
        head = ln.body[:2]
        if len(head) < 2 or not HAN_RUN.fullmatch(head):
            return None

        def alike(art: Article) -> int:
            return sum(join_spans(self.text, p.spans).startswith(head) for p in art.paragraphs)

        if owner.article is None or alike(owner.article) >= 2:
            return None
        others = {id(h.article): h.article for h in self.open if h.article is not None}
        hits = [a for a in others.values() if a is not owner.article and alike(a) >= 2]
        return hits[0] if len(hits) == 1 else None

    def _pick_owner(self, k: int) -> _Holder | None:
        lines = self.lines
        j, last = k + 1, k
        while j < len(lines):
            if lines[j].kind == "para" and not lines[last].closed:
                last = j
            elif lines[j].kind != "header":
                break
            j += 1
        after = lines[j] if j < len(lines) else None
        if note_owner := self._unfinished_note_before(after):
            return note_owner
        if after is not None and after.kind in ("note", "section", "part"):
            # the glossary goes on after this fragment: it ends the latest note if unfinished
            latest = self.notes[-1].holder if self.notes else None
            if latest is not None and latest in self.open:
                return latest
        articles = [h for h in self.open if h.article is not None]
        if len(articles) > 1 and (same := self._continues(k, last, articles)) is not None:
            tail = join_spans(self.text, same.spans)[-8:]
            self.warnings.append(
                f"{self.source}: line {lines[k].index + 1} could finish any of {len(articles)} unfinished paragraphs; joined to the one whose article repeats its phrases (…{tail})"
            )
            return same
        if after is None or after.kind not in ("note", "section", "part"):
            if articles:
                if len(articles) > 1:
                    tail = join_spans(self.text, articles[-1].spans)[-8:]
                    self.warnings.append(
                        f"{self.source}: line {lines[k].index + 1} could finish any of {len(articles)} unfinished paragraphs; joined to the latest (…{tail})"
                    )
                return articles[-1]
        return self.open[-1] if self.open else None

    def _continues(self, k: int, last: int, articles: list[_Holder]) -> _Holder | None:
        """The unfinished paragraph a fragment (lines k..last) goes on, when the text says so:
        a phrase the fragment repeats (抓落实 in 要注重方法抓落实。…要改进作风抓落实。) is the
        thread of one article, and when exactly one open article uses it, the fragment is
        that article's, not merely the latest one's. None when no article, or several, do."""
        body = "".join(
            self.lines[x].body for x in range(k, last + 1) if self.lines[x].kind == "para"
        )
        grams = Counter(g for run in HAN_RUN.findall(body) for g in _trigrams(run))
        repeated = {g for g, n in grams.items() if n >= 2}
        if not repeated:
            return None
        scored = []
        for h in articles:
            art = h.article
            assert art is not None
            text = (art.title or "") + "".join(
                join_spans(self.text, p.spans) for p in art.paragraphs
            )
            scored.append((len(repeated & set(_trigrams(text))), h))
        best = max(n for n, _ in scored)
        winners = [h for n, h in scored if n == best]
        return winners[0] if best > 0 and len(winners) == 1 else None

    def _next_content(self, k: int) -> Line | None:
        lines = self.lines  # by index: slicing the rest per line made a long file quadratic
        return next((lines[j] for j in range(k + 1, len(lines)) if lines[j].kind != "header"), None)

    def _unfinished_note_before(self, ln: Line | None) -> _Holder | None:
        if ln is None or ln.kind != "note" or ln.number is None:
            return None
        for h in reversed(self.open):
            if h.note is not None and h.note.number == ln.number - 1:
                return h
        return None

    def _finish(self) -> PageParse:
        for art in self.articles:
            for p in art.paragraphs:
                p.text = join_spans(self.text, p.spans)
        for h in self.open:
            tail = join_spans(self.text, h.spans)[-12:]
            self.warnings.append(
                f"{self.source}: text ends mid-sentence at '…{tail}' (line {h.last_line + 1}); no continuation found on this page"
            )
        glossary = [self._entry(n) for n in self.notes]
        articles = [a for a in self.articles if a.paragraphs or a.title]
        return PageParse(articles, glossary, sorted(self.markup, key=lambda m: m[1]), self.warnings)

    def _head(self, number: int, text: str) -> tuple[str, int]:
        """Where the term ends and the definition starts. Conventions: 术语：定义 (the colon
        within the first clause); “术语”是指/即/是/指/，定义; “术语”定义 (a quoted term with no
        separator, reported); 术语是指/即定义."""
        first_clause = re.split(r"[，,。；]", text, maxsplit=1)[0]
        colon = min((i for i in (text.find("："), text.find(":")) if 0 < i <= 60), default=-1)
        if 0 < colon <= len(first_clause):
            return text[:colon], colon + 1
        if m := QUOTED_TERM.match(text):
            sep = TERM_SEPARATOR.match(text, m.end())
            if sep:
                return text[: m.end()], sep.end()
            self.warnings.append(
                f"{self.source}: note {number}: the quoted term has no separator after it; "
                "its definition is read from the closing quote on"
            )
            return text[: m.end()], m.end()
        if m := PLAIN_TERM.match(text):
            return m.group(1), m.end()
        if colon > 0:
            return text[:colon], colon + 1
        self.warnings.append(f"{self.source}: note {number} has no 'term：definition' shape")
        return first_clause[:30], 0

    def _entry(self, note: _Note) -> GlossaryEntry:
        spans = note.holder.spans
        text = join_spans(self.text, spans)
        head, def_start = self._head(note.number, text)
        parts = QUOTED.findall(head)
        term = "".join(parts) if parts else head.strip()
        aliases: list[str] = []
        pieces = parts if len(parts) > 1 else [] if parts else re.split(r"[、，]", head)
        for a in [
            head,
            head.replace("“", "").replace("”", ""),
            *(pieces if len(pieces) > 1 else []),
        ]:
            a = a.strip()
            if a and a != term and a not in aliases:
                aliases.append(a)
        for a in ALSO_CALLED.findall(text[def_start:]):
            if a != term and a not in aliases:
                aliases.append(a)
        return GlossaryEntry(
            source=self.source,
            number=note.number,
            term=term,
            aliases=aliases,
            part=note.part,
            section=note.section,
            text=text,
            spans=list(spans),
            definition=text[def_start:],
            definition_spans=sub_spans(spans, def_start, len(text)),
            headings=list(note.headings),
        )
