"""Units that flow between stages: ingest -> embed -> index -> retrieve -> answer.

Every piece of text carries `spans`: [start, end) code-point offsets into its
source file, so that "".join(source[s:e] for s, e in spans) == text. This is
what lets a citation be checked against the original page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

from qa.errors import quote

Span = tuple[int, int]


def join_spans(source: str, spans: list[Span]) -> str:
    """The text a list of spans denotes."""
    return "".join(source[s:e] for s, e in spans)


@dataclass
class Paragraph:
    """One paragraph of an article, possibly stitched from several page fragments."""

    text: str
    spans: list[Span]


@dataclass
class Article:
    """A run of prose read back together: report part, news story, meeting report."""

    source: str
    title: str | None
    title_spans: list[Span]
    paragraphs: list[Paragraph]
    continued_from: str | None = None  # e.g. "上接第一版"
    dateline: str | None = None  # e.g. "新华社北京3月3日电"
    byline: str | None = None  # e.g. "本报记者 张三"
    continues_to: str | None = None  # e.g. "下转第四版"

    @property
    def text(self) -> str:
        return "".join(p.text for p in self.paragraphs)

    @property
    def spans(self) -> list[Span]:
        return [s for p in self.paragraphs for s in p.spans]


@dataclass
class GlossaryEntry:
    """A numbered glossary note (工作注释); terms are first-class retrieval keys."""

    source: str
    number: int
    term: str
    aliases: list[str]
    part: str | None
    section: str | None
    text: str
    spans: list[Span]
    definition: str
    definition_spans: list[Span]
    # the lines heading it, outermost first: the glossary's (工作注释), its part's (一、…)
    headings: list[tuple[str, Span]] = field(default_factory=list)


@dataclass
class Passage:
    """The retrievable unit: a whole glossary note, or sentences of one article paragraph."""

    id: int
    source: str
    kind: str  # "note" | "article"
    title: str  # what a citation shows
    text: str
    spans: list[Span]
    article: str | None = None
    note: int | None = None
    term: str | None = None
    aliases: list[str] = field(default_factory=list)
    paragraph: int | None = None  # index of the article paragraph it ends in (for summaries)
    part: str | None = None  # glossary part (一、… / 二、…) of a note
    location: str | None = None  # page or paragraph of a .pdf/.docx ("第2页", "第3–4段")
    extracted: str | None = None  # saved UTF-8 text the spans index into (.pdf/.docx only)
    # the lines heading it, outermost first, with where they stand in the source, so a summary
    # can cite what each of its items is about: an article's title; a note's glossary heading
    # (工作注释) and its part's (一、2024年工作回顾)
    headings: list[tuple[str, Span]] = field(default_factory=list)

    def cite(self, n: int, text: str, spans: list[Span], score: float) -> Citation:
        """A citation of (part of) this passage, carrying where its spans can be checked."""
        return Citation(
            n, self.source, self.title, text, spans, score, self.extracted, self.location
        )


@dataclass
class ParsedDocument:
    """Everything read from one file; `markup` holds headers, markers, bullets and numbers."""

    source: str
    text: str
    articles: list[Article]
    glossary: list[GlossaryEntry]
    passages: list[Passage]
    markup: list[tuple[str, Span]]
    warnings: list[str]
    kind: str = "text"  # "text" | "docx" | "pdf": for docx/pdf, `text` is extracted


@dataclass
class Hit:
    """A ranked passage with the evidence of how each retriever saw it."""

    passage: Passage
    score: float
    rank: int
    retrievers: dict[str, dict[str, float]]  # name -> {"rank": r, "score": s}


@dataclass
class Citation:
    n: int
    source: str
    title: str
    text: str
    spans: list[Span]
    score: float
    extracted: str | None = None  # for .pdf/.docx: the saved text file the spans index into
    location: str | None = None  # for .pdf/.docx: "第2页" / "第5段"

    def to_json(self) -> dict:
        d = asdict(self)
        d["spans"] = [list(s) for s in self.spans]
        return d


@dataclass
class Answer:
    question: str
    found: bool
    answer: str
    citations: list[Citation]
    related: list[Citation] = field(default_factory=list)
    error: str | None = None
    hits: list[Hit] = field(default_factory=list)
    signals: object | None = (
        None  # the refusal model's inputs (dict, or one per part), for the eval
    )
    confidence: float = 0.0  # P(this answer is right), from the calibrated refusal model
    level: str = "low"  # "high" | "medium" | "low": how the chat marks it
    asked: str = ""  # the kind of answer asked for (qa.question.KINDS, or "parts")
    parts: list[dict] = field(default_factory=list)  # per sub-question: asked, found, confidence
    standalone_question: str | None = None  # set when the question was read otherwise:
    reading: str | None = None  # one of READINGS: how the question was read when not as typed

    def to_json(self) -> dict:
        d: dict = {
            # an error echoes at most 200 characters of the question (never a 1 MB paste)
            "question": quote(self.question) if self.error else self.question,
            "found": self.found,
            "answer": self.answer,
            "citations": [c.to_json() for c in self.citations],
            "confidence": self.confidence,
            "level": self.level,
            "asked": self.asked,
        }
        if len(self.parts) > 1:
            d["parts"] = self.parts
        if self.standalone_question:
            d["standalone_question"] = self.standalone_question
            d["reading"] = self.reading
        if self.related:
            d["related"] = [c.to_json() for c in self.related]
        if self.error:
            d["error"] = self.error
        return d


# how a question may have been read when not as typed (Answer.reading)
READINGS = ("conversation", "spelling", "place", "numbering")


def reading_label(reading: str | None) -> str:
    """How the line above an answer says the question was read: with the conversation, or
    on its own (a glossary term's spelling fixed, a note number read as the note's term, a
    person's home read as the place their title names)."""
    return "按上文理解为 / Read as" if reading in (None, "conversation") else "理解为 / Read as"


class Store(Protocol):
    """What retrieval and the answer layer read from an index, whatever holds it.

    `qa.index.Index` (the folder: FAISS + bm25s + units) is the default store;
    `qa.stores.milvus.MilvusStore` answers the two searches from a Milvus collection and
    reads the units from the folder. Passage and sentence ids are positions, 0..n-1."""

    passages: Sequence[Passage]  # by id
    sentences: Sequence[Any]  # qa.index.Sentence, by id, in passage order
    sentence_vectors: Any  # (n_sentences, dim) array: rows read by sentence ids
    terms: dict[str, list[int]]  # normalised glossary key -> note passage ids
    term_keys: Any  # qa.terms.TermKeys: the keys, longest first, with `match(question)`
    tokenizer: Any  # qa.lang.KeywordTokenizer of the index (content words for the answer)
    manifest: dict

    def sentences_of(self, pid: int) -> range: ...

    def sentence_text(self, s: Any) -> str: ...

    def source_mask(self, sources: set[str]) -> Any:
        """Per passage: whether its `source` is one of `sources` (a bool array)."""
        ...

    def dense_search(self, vector: Any, k: int, sources: set[str] | None = None) -> tuple[Any, Any]:
        """The k nearest passages by inner product: (ids, scores) arrays, best first."""
        ...

    def keyword_search(
        self, question: str, k: int, sources: set[str] | None = None
    ) -> tuple[Any, Any]:
        """The k best passages by BM25 with a score above 0: (ids, scores), best first."""
        ...
