"""Evidence -> a short answer quoted verbatim, each quote with an [n] citation, or an honest "not found".

No language model. The question is read first (`qa.question.analyse`): the kind
of answer it asks for picks the composer (definition, fact sentences, list,
comparison, summary; several parts each answered on its own). Whether an answer
is given is decided by a logistic model over signals (eval/calibrate.py fits it
with k-fold cross-validation), on top of a hard check that the answer holds a
value of the kind asked for (a name for "who", a date for "when" …).
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

import jieba
import numpy as np

from qa.errors import BadQuestion, check_question
from qa.ingest.lines import DATELINE
from qa.lang import (
    CJK,
    HAN_RUN,
    QUESTION_BIGRAMS,
    QUESTION_WORDS,
    bigrams,
    normalize,
    pos_tags,
    zh_int,
)
from qa.lexicon import english_institutions, english_relations, states
from qa.question import (
    DOC_NOUNS,
    EVERYDAY_FREQ,
    HEAD_KIND,
    INTERROGATIVE,
    NAME_TITLE,
    TYPED,
    Question,
    StructureRef,
    analyse,
    answer_holds_kind,
    asks,
    correct_terms,
    english_names,
    held_line,
    line_beside,
    listed_noun,
    person_names,
    pinyin_readings,
    reason_of_term,
    relation_object,
    relation_words,
    said_as_word,
    source_frame,
    stated_by_title,
    structure_refs,
)
from qa.retrieve import DEFAULT_MODE, Retrieval, Retriever
from qa.rewrite import list_items
from qa.settings import Settings
from qa.spans import sub_spans
from qa.types import Answer, Citation, Hit, Passage

MAX_QUESTION_CHARS = 2000
NOT_FOUND = (
    "文档中没有找到这个问题的答案。(The documents do not contain an answer to this question.)"
)
PART_NOT_FOUND = "文档中没有找到这一问的答案。(Not in the documents.)"
EN_LABEL = "以下引自中文原文 (Quoted from the Chinese source):"
# Kinds whose answer must hold a value of that kind to count as found (a cause for "why",
# a means for "how").
GATED = (*TYPED, "reason", "method")


def gated(q: Question) -> bool:
    """Whether the answer must hold a value the question asks for: its kind (GATED), a count
    (哪四个), a which-noun (哪些合作项目), a title (尼玛琼拉的职务) or a quotation (哪句话)."""
    return q.asked in GATED or any(q.flags.get(f) for f in ("count", "noun", "role", "quote"))


FEATURES = (
    "dense",
    "sent_dense",
    "coverage",
    "answer_coverage",
    "missing",
    "term",
    "kind_ok",
    "en_dense",
    "zh_coverage",
    "unknown",
    "en_gap",
)


def clean_question(q: str) -> tuple[str, str | None]:
    """The question with control characters removed, or an error message for the user (quoting
    at most 200 characters of it)."""
    if q is None:
        return "", "empty question / 问题为空"
    try:
        check_question(q)  # text, and valid Unicode (no lone surrogates)
    except BadQuestion as e:
        return "", str(e)
    if len(q) > MAX_QUESTION_CHARS:
        return q[
            :MAX_QUESTION_CHARS
        ], f"question is {len(q):,} characters; the limit is {MAX_QUESTION_CHARS:,} / 问题过长"
    cleaned = "".join(" " if unicodedata.category(c) == "Cc" else c for c in q)
    cleaned = " ".join(cleaned.split())
    if not cleaned:
        return "", "empty question (nothing but whitespace or control characters) / 问题为空"
    return cleaned, None


def only_inside_longer(term: str, text: str) -> bool:
    """`term` occurs in `text`, but only inside longer quoted terms (“四精” in “四精四账”)."""
    spans = [m.span(1) for m in re.finditer(r"[“\"]([^”\"]{1,16})[”\"]", text)]
    hits = [m.start() for m in re.finditer(re.escape(term), text)]
    if not hits:
        return False
    return all(
        any(a <= h and h + len(term) <= b and text[a:b] != term for a, b in spans) for h in hits
    )


# a speaker's own marker that the question stands alone (换个话题，…; by the way, …)
SWITCH = re.compile(
    r"^(?:换个话题|换个问题|另外|对了|顺便问(?:一下|下)?|再问(?:一下|个问题)?|还有个问题|"
    r"by the way|another question|different question|new question|on another topic|"
    r"changing the subject)[，,：:;；\s]*",
    re.I,
)


def coverage(words: set[str], text: str) -> float:
    """Share of `words` (bigrams) present in `text`."""
    if not words:
        return 0.0
    return len(words & bigrams(text)) / len(words)


# a description asked of a thing: X是啥样的 / X条件怎么样
_DESCRIBED = re.compile(
    r"^([\u4e00-\u9fff的]{2,20}?)(?:是)?(?:个)?(?:啥样|什么样|怎么样|怎样|咋样|如何)的?(?:子)?[?？。]?$"
)
# words that only say which side of it is described (条件, 情况)
_SORT_OF = re.compile(r"(?:的)?(?:条件|情况|状况|环境|样子|现状)$")


def described_head(q: Question, texts: list[str]) -> str | None:
    """The thing a description question asks about (定日地震的安置点是啥样的 -> 安置点): the
    longest end of its subject, two characters or more, that one of `texts` (normalised)
    names; what goes before it (定日地震) only says whose it is. None for other questions."""
    m = _DESCRIBED.match(q.norm) if q.lang == "zh" else None
    if not m or asks(m.group(1)):
        return None  # 从什么样变成什么样: a change asked, not a thing described
    subject = re.sub(_SORT_OF, "", m.group(1).split("的")[-1])
    return next(
        (subject[-n:] for n in range(len(subject), 1, -1) if any(subject[-n:] in t for t in texts)),
        None,
    )


# 关于抓落实提了哪些要求 / 围绕抓落实有什么要求: what the items are about, up to a verb
_ITEMS_ABOUT = re.compile(r"(?:关于|对于|围绕|针对)([\u4e00-\u9fff]{2,8}?)(?:提|说|讲|有|的|[，,])")
_ABOUT_TOPIC = re.compile(r"(?:关于|对于|至于)([\u4e00-\u9fff]{2,8})[，,]")
# a sentence that ends on who said or felt something, with nothing said in it
_SPEAKER_ONLY = re.compile(r"(?:说|表示|坦言|感叹|感慨|深有感触|认为|指出)[。！!]?$")
_SOURCE_NAMED = re.compile(
    r"\b[A-Z][a-z]+(?= (?:commentary|commentaries|report|article|story|editorial|piece|news|agency)\b)"
)


def _is_person(word: str) -> bool:
    """Whether a word is a person's name and nothing else (张虹, 袁玉宇; not 运城, 新华)."""
    return person_names(pos_tags(word)) == [word]


def _framed_kinds(noun: str, text: str, question: str) -> list[tuple[str, str]]:
    """(verb, kind) for each kind of `noun` a sentence names after a verb (建设/vn 法治/n
    政府/n -> (建设, 法治政府)), kinds the question does not name itself."""
    tags = pos_tags(text)
    out = []
    for i, (w, _f) in enumerate(tags):
        if w != noun or i < 2:
            continue
        mod, mf = tags[i - 1]
        verb, vf = tags[i - 2]
        if mf[:1] in ("n", "a", "b", "j") and vf in ("v", "vn") and (mod + noun) not in question:
            out.append((verb, mod + noun))
    return out


def _states_relation(q: Question, word: str, text: str) -> bool:
    """`text` states the relation `word` of the question: says it, or a title before a name
    states it (…副主任尼玛琼拉 for 担任), or (not for a how-question's action: 参保惠商保 is not
    said by 惠商保) names what it makes (结成/v 友好合作伙伴 -> 友好合作伙伴)."""
    return (
        _said(word, normalize(text))
        or stated_by_title(word, text)
        or (q.asked == "number" and measured_by_unit(word, normalize(text)))
        or (
            q.asked != "method"
            and (o := relation_object(q.norm, word)) is not None
            and o in normalize(text)
        )
    )


# a clause that tells about the asker (我孙子在读交通专业, 我们老年人最关心住房了)
_ABOUT_ASKER = re.compile(r"我|咱")


def asked_text(q: Question) -> str:
    """The question without the clauses that only tell about the asker: no interrogative, no
    glossary term, a first-person speaker (我孙子在读交通专业，他问我“四好农村路”到底是哪
    “四好”). What such a clause names is the asker's life, not what the page must say; words
    missing from the page there are no sign the answer is missing. Chinese only."""
    if q.lang == "en":
        return q.text
    clauses = re.split(r"(?<=[，,。；;！!？?])", q.text)
    kept = [
        c
        for c in clauses
        if not (
            _ABOUT_ASKER.search(c)
            and not asks(normalize(c))
            and not any(t in normalize(c) for t in q.terms)
        )
    ]
    text = "".join(kept)
    if not kept or len(kept) == len(clauses):
        return q.text
    # what is asked must still name its subject (我想买比特币，现在多少钱: the clause told it)
    named = any(t in normalize(text) for t in q.terms) or any(
        f[:1] in ("n", "j") and len(w) >= 2 and w not in QUESTION_WORDS
        for w, f in pos_tags(normalize(text))
    )
    return text if named else q.text


# where a person is from: 家乡, 老家, 故乡, 家那边
_HOME = r"家乡|老家|故乡|家那边|家那里"


def measured_by_unit(word: str, text: str) -> bool:
    """A quantity named by its unit (震级 ends on 级) is stated by a number in that unit whose
    sentence has the quantity's other characters (6.8级地震 states 地震震级): Chinese writes
    the measure after the number, not the quantity's name."""
    unit = word[-1]
    return (
        len(word) >= 2
        and bool(re.search(rf"[\d一二三四五六七八九十百千万]{re.escape(unit)}", text))
        and all(ch in text for ch in word[:-1])
    )


def _kinds_of(noun: str, text: str, question: str) -> set[str]:
    return {k for _, k in _framed_kinds(noun, text, question)}


def _present(word: str, text: str) -> bool:
    """A word is present when it occurs, or (3+ characters) most of its bigrams do."""
    if word in text:
        return True
    if len(word) >= 3 and CJK.search(word):
        grams = [word[i : i + 2] for i in range(len(word) - 1)]
        return sum(g in text for g in grams) * 3 >= len(grams) * 2
    return False


# a third-person reference to someone named before: 她 / 他 / 这位 / 该 + noun / 其
_ANAPHOR = re.compile(
    r"(?<![其])[她他](?![们人])|这位|该(?:委员|代表|负责人)|(?<![尤极])其(?=[\u4e00-\u9fff])"
)


def _said(word: str, text: str) -> bool:
    """A relation word is said when it occurs as a word or inside one, not across two
    (市长 in 上海市/长宁区 is no mayor)."""
    if word not in text:
        return _present(word, text)
    return said_as_word(word, text)


# -- the refusal model --------------------------------------------------------------


@dataclass
class RefusalModel:
    """Logistic regression over FEATURES, standardised: P(the composed answer is right)."""

    coef: list[float]
    intercept: float
    mean: list[float]
    scale: list[float]
    features: tuple[str, ...] = FEATURES

    def probability(self, x: dict[str, float]) -> float:
        z = self.intercept + sum(
            c * ((x[f] - m) / (s or 1.0))
            for c, f, m, s in zip(self.coef, self.features, self.mean, self.scale, strict=True)
        )
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    @classmethod
    def load(cls, path: str | Path) -> RefusalModel | None:
        try:
            d = json.loads(Path(path).read_text(encoding="utf-8"))
            return cls(d["coef"], d["intercept"], d["mean"], d["scale"], tuple(d["features"]))
        except (OSError, ValueError, KeyError):
            return None


def fallback_probability(x: dict[str, float]) -> float:
    """Used only when no fitted model is present (before eval/calibrate.py has run)."""
    score = 2.5 * x["coverage"] + 2.0 * x["kind_ok"] + 1.5 * x["term"] - 0.5 * x["missing"] - 2.0
    if x["english"]:
        score = 12 * (x["sent_dense"] - 0.8) + 2.0 * x["kind_ok"] - 1.0
    return 1.0 / (1.0 + math.exp(-score))


# a how-to in the first or second person: the asker's own steps
_PERSONAL_HOWTO = re.compile(
    r"\s*how\s+(?:do|can|should|would|could)\s+(?:i|we|you)\b|\s*how\s+to\b", re.I
)
# what two things have to do with each other (有什么关系), not how they differ
_RELATION_ASKED = re.compile(r"关系|联系|relation|connect", re.I)


def decide(x: dict[str, float], p: float, cfg: Settings) -> bool:
    """Found when the model's probability reaches the threshold and, for a question asking
    for a name, place, organisation, time or number, the answer holds one."""
    typed_missing = bool(x["typed"]) and not x["kind_ok"]
    if x.get("leans_on_refused"):  # a part going on about a part not found
        return False
    if x.get("side_missing"):  # a relation between two things, one of them not found
        return False
    if x.get("unanchored_howto"):  # How do I …? naming nothing the documents name
        return False
    return not typed_missing and p >= threshold_for(bool(x.get("english")), cfg)


def threshold_for(english: bool, cfg: Settings) -> float:
    """The probability an answer needs to count as found, for a question in its language."""
    return cfg.found_threshold + (cfg.english_threshold_shift if english else 0.0)


# -- parts of an answer -------------------------------------------------------------


@dataclass
class Part:
    """One answered (or refused) question or sub-question: quotes and the signals behind them."""

    question: str
    asked: str
    found: bool = False
    confidence: float = 0.0
    segments: list = field(default_factory=list)  # str | Citation, in reading order
    hits: list[Hit] = field(default_factory=list)
    # what the refusal model judged: one unit per answered question or comparison side,
    # each {"question", "features", "text", "found"}; the eval cross-validates on these
    units: list[dict] = field(default_factory=list)

    @property
    def citations(self) -> list[Citation]:
        return [s for s in self.segments if isinstance(s, Citation)]


def level_of(p: float, found: bool, cfg: Settings, english: bool = False) -> str:
    if not found:
        return "low"
    if p >= cfg.high_threshold:
        return "high"
    return "medium" if p >= threshold_for(english, cfg) + cfg.low_band else "low"


class Answerer:
    def __init__(self, retriever: Retriever, settings: Settings | None = None) -> None:
        self.retriever = retriever
        self.index = retriever.index
        self.settings = settings or retriever.settings
        self.model = RefusalModel.load(self.settings.refusal_model)

    # -- entry point ---------------------------------------------------------------
    def analyse(self, question: str) -> Question:
        return analyse(question, self.index.term_keys)

    @cached_property
    def rewriter(self):
        from qa.rewrite import RuleRewriter

        cache: dict[str, str] = {}

        def quoted(standalone: str) -> str:
            if standalone not in cache:
                cache[standalone] = "".join(c.text for c in self.ask(standalone).citations)
            return cache[standalone]

        return RuleRewriter(self.index.term_keys, quoted)

    def ask(
        self,
        question: str,
        mode: str = DEFAULT_MODE,
        k: int = 50,
        history: list[str] | None = None,
        sources: set[str] | None = None,
    ) -> Answer:
        """Answer `question`; with `history` (earlier questions, oldest first) a follow-up is
        first read as a standalone question, and the answer says how it was read. With
        `sources` (Passage.source values) only those documents are searched."""
        q, error = clean_question(question)
        if error:
            return Answer(
                question=question or "",
                found=False,
                answer=error,
                citations=[],
                error=error,
                asked="",
            )
        standalone, reading = q, None
        # 换个话题，… / by the way, …: the speaker says the question stands alone
        if m := SWITCH.match(q):
            q = q[m.end() :] or q
            standalone, history = q, None
        # 注释第33条… / 报告第三部分…: the documents' numbering read as what it numbers
        if numbered := self.numbering(q):
            standalone, reading = numbered, "numbering"
        if history:
            clean_history = [h for h in (clean_question(x)[0] for x in history) if h]
            clean_history = [self.numbering(h) or h for h in clean_history]
            read = self.rewriter.read(standalone, clean_history).standalone
            if read != standalone:
                standalone, reading = read, "conversation"
        # a misspelt glossary term (三大罐区) is read as the glossary writes it, and said so
        if fixed := correct_terms(normalize(standalone), self.index.term_keys):
            standalone, reading = fixed, reading or "spelling"
        if placed := self.home_place(standalone):
            standalone, reading = placed, reading or "place"
        ans = self._answer(standalone, mode, k, sources)
        if reading:
            ans.question = q
            ans.standalone_question = standalone
            ans.reading = reading
        return ans

    def numbering(self, question: str) -> str | None:
        """The question with each glossary note or numbered part it points at by number read
        as what that number is (注释第33条民生实事中… -> 15件省省级民生实事中…; 报告第三部分 ->
        报告“全面提升政府治理效能”部分): a number is no word any sentence holds, and the note's
        term is. A reference to something the documents do not number is left as written; the
        number goes where the question names the term or heading as well."""
        refs = structure_refs(question)
        if not refs:
            return None
        out, at = [], 0
        for r in refs:
            name = self._numbered(r)
            if name is None:
                continue
            before, rest = question[at : r.start], question[r.end :]
            if r.kind == "note":
                if normalize(name) in normalize(question[: r.start] + rest):
                    # the term is named as well: the number adds nothing (…standard in note 34)
                    before = re.sub(r"\b(?:in|of|from|under|by)\s*$", "", before, flags=re.I)
                    out.append(before)
                    at = r.end
                    continue
                # what follows may repeat the term's tail (注释第33条民生实事 -> …民生实事)
                said = next(
                    (
                        m
                        for k in range(len(name), 1, -1)
                        if (m := re.match(rf"[“\"「‘]?{re.escape(name[-k:])}[”\"」’]?", rest))
                    ),
                    None,
                )
                out.append(f"{before}{name}")
                at = r.end + (said.end() if said else 0)
            else:
                # 报告第三部分的标题是什么 asks for the name itself
                if re.match(r"的?(?:标题|题目|名称|名字|叫什么|叫啥|是什么标题)", rest):
                    continue
                m = re.compile(r"第[^部章节]{1,3}(?:部分|章|节)").search(question, r.start, r.end)
                if m is None:
                    continue
                # the heading named as well (报告第三部分从哪五个方面全面提升政府治理效能): the
                # number goes, so it is not read as an item picked from a list
                named = normalize(name) in normalize(question)
                out.append(
                    f"{before}{question[r.start : m.start()]}" + ("" if named else f"“{name}”部分")
                )
                at = m.end()
        if not out:
            return None
        return "".join(out) + question[at:]

    def _numbered(self, r: StructureRef) -> str | None:
        """What note `r.number`, or part `r.number`, of the documents is called, or None."""
        if r.kind == "note":
            return next(
                (
                    p.term
                    for p in self.index.passages
                    if p.kind == "note" and p.note == r.number and p.term
                ),
                None,
            )
        numeral = "一二三四五六七八九十"[r.number - 1] if r.number <= 10 else ""
        heads = [
            (p.kind, h)
            for p in self.index.passages
            for h, _ in p.headings
            if numeral and h.startswith(f"{numeral}、")
        ]
        if r.of != "注释":
            for kind, h in heads:
                if kind == "article":
                    return h[2:].strip()
        for kind, h in heads:
            if kind == "note":
                return h[2:].strip()
        return None

    def home_place(self, question: str) -> str | None:
        """尼玛琼拉的家乡今年初出了什么事 asks about a place the page names only in her title
        (西藏日喀则市人大常委会副主任尼玛琼拉): the question is read with that place, the last
        one the title before her name gives, in place of "her home"; None when no person the
        documents title with a place is named. The sentences about the place need not name her.
        The person is read from the documents (the tagger splits 尼玛琼拉家乡 differently)."""
        norm = normalize(question)
        m = re.search(rf"([\u4e00-\u9fff]{{2,4}}?)的?(?:{_HOME})", norm)
        # 徐晓婵的老家在哪 asks for the place itself, which her title answers as it stands
        if not m or re.match(r"(?:是|在)?(?:哪|什么地方|啥地方|何处)", norm[m.end() :]):
            return None
        before = norm[: m.end(1)]
        for n in range(len(m.group(1)), 1, -1):
            name = before[-n:]
            for p in self.index.passages:
                at = p.text.find(name)
                if at < 0 or name not in person_names(pos_tags(p.text[max(0, at - 30) : at + 10])):
                    continue
                title = re.split(r"[。！？!?，,；;：:（(“]", p.text[:at])[-1]
                if places := [w for w, f in pos_tags(title) if f == "ns"]:
                    return norm[: m.end(1) - n] + places[-1] + norm[m.end() :]
        return None

    def _answer(self, q: str, mode: str, k: int, sources: set[str] | None) -> Answer:
        qa = self.analyse(q)
        if not bigrams(q):
            # nothing to match on (punctuation, emoji, invisible characters): nothing to quote
            return self._assemble(qa, [Part(q, qa.asked)])
        if qa.parts:
            parts = []
            for i, p in enumerate(qa.parts):
                # a later part leans on the earlier ones as a follow-up leans on the
                # conversation (…出发前去了哪儿？看到了什么？): it is read the same way
                reading = self.rewriter.read(p, list(qa.parts[:i])) if i else None
                read = reading.standalone if reading else p
                part = self.answer_one(self.analyse(read), mode, k, sources)
                part.question = p
                if reading and reading.rule not in (None, "pronoun") and not parts[-1].found:
                    # 专精特新企业怎么申报认定，流程是啥: a part with no subject of its own goes
                    # on about the one before, and asks what the page did not say there either
                    # (她提过什么建议 names its person again: a question of its own)
                    for u in part.units:
                        u["features"]["leans_on_refused"] = 1.0
                        u["found"] = False
                    part.found = False
                parts.append(part)
        else:
            parts = [self.answer_one(qa, mode, k, sources)]
        return self._assemble(qa, parts)

    def _assemble(self, qa: Question, parts: list[Part]) -> Answer:
        cfg = self.settings
        cites: list[Citation] = []
        lines: list[str] = []

        def render(segs: list) -> str:
            out = []
            for s in segs:
                if isinstance(s, Citation):
                    s.n = len(cites) + 1
                    cites.append(s)
                    out.append(f"{s.text}[{s.n}]")
                else:
                    out.append(s)
            return "".join(out)

        found_any = any(p.found for p in parts)
        if qa.lang == "en" and found_any:
            lines.append(EN_LABEL)
        if len(parts) == 1:
            p = parts[0]
            if p.found:
                lines.append(render(p.segments))
        else:
            for i, p in enumerate(parts, 1):
                body = render(p.segments) if p.found else PART_NOT_FOUND
                lines.append(f"（{i}）{p.question}\n{body}")
        hits = [h for p in parts for h in p.hits]
        confidence = (
            float(np.mean([p.confidence for p in parts if p.found]))
            if found_any
            else max((p.confidence for p in parts), default=0.0)
        )
        if not found_any:
            top = parts[0].hits[:3]
            related = [self._passage_citation(h, n + 1) for n, h in enumerate(top)]
            text = "\n".join(
                [NOT_FOUND, "可能相关 (possibly related):"] + [f"· {c.title}" for c in related]
                if related
                else [NOT_FOUND]
            )
            ans = Answer(qa.text, False, text, [], related=related, hits=hits)
        else:
            ans = Answer(qa.text, True, "\n".join(lines), cites, hits=hits)
        ans.confidence = round(confidence, 4)
        ans.level = level_of(confidence, found_any, cfg, english=qa.lang == "en")
        # a composer may read the kind anew (工作注释都解释了哪些内容 is a summary)
        ans.asked = parts[0].asked if len(parts) == 1 and not qa.parts else qa.asked
        ans.parts = [
            {
                "question": p.question,
                "asked": p.asked,
                "found": p.found,
                "confidence": round(p.confidence, 4),
                "citations": [c.n for c in p.citations] if p.found else [],
            }
            for p in parts
        ]
        ans.signals = [u for p in parts for u in p.units]
        return ans

    # -- one question ----------------------------------------------------------------
    def answer_one(
        self, q: Question, mode: str = DEFAULT_MODE, k: int = 50, sources: set[str] | None = None
    ) -> Part:
        """Answer a single (not multi-part) question by the composer for its kind."""
        if (titled := self._numbered_heading(q, mode, sources)) is not None:
            return titled
        if (item := self._ordinal_item(q, mode, k, sources)) is not None:
            return item
        if (
            q.asked in ("list", "fact", "definition")
            and not q.terms
            and _ABOUT.search(q.norm)
            # 法治护航促公正讲的什么: a run-in head's paragraph says it, not its section
            and self._named_head(q) is None
        ):
            # 工作注释部分都解释了哪些内容: what a named section or article says is its summary
            scope, sure = self.summary_scope(q, mode, sources)
            if (scope and sure >= 0.3) or _WHOLE_PAGE.search(q.norm):
                q = replace(q, asked="summary")
        if q.asked == "list" and not q.terms and _PARTS.search(q.norm):
            # 报告“全面提升政府治理效能”分了哪几个方面: the named section's run-in heads
            if (outline := self._outline(q, mode, sources)) is not None:
                return outline
        if (
            q.asked == "summary"
            and (about := _ITEMS_ABOUT.search(q.norm))
            and not about.group(1).endswith(DOC_NOUNS)
            and self._parallel_heads(
                replace(q, asked="list"),
                self.retriever.search(q.text, k=k, mode=mode, sources=sources),
            )
        ):
            # 版面上关于抓落实提了哪些要求，概括下: what is said about a topic, not the page's
            # summary, when heads set side by side say it (要健全机制抓落实。…)
            q = replace(q, asked="list")
        if q.asked == "summary":
            return self._summary(q, mode, k, sources)
        if q.asked == "comparison" and len(q.compared) >= 2:
            return self._comparison(q, mode, k, sources)
        specific = self.specific_names(q) if q.lang != "zh" else []
        names = " ".join(specific)
        if m := _ABOUT_TOPIC.match(q.norm):
            names = m.group(1)  # 关于执法，…: the topic weighs as a search word twice
        asked = q.text
        written = specific + english_institutions(q.text) if q.lang == "en" else []
        if written:
            # the model reads CPPCC or Houma as letters: the names as the documents write them
            # (政协, 侯马), put beside the question, carry its meaning to the Chinese sentences.
            # The setting every passage names (运城) would only pull toward every passage; a
            # body named by an acronym is what the question is about, however often it comes
            asked = f"{q.text} ({'，'.join(dict.fromkeys(written))})"
        r = self.retriever.search(asked, k=k, mode=mode, sources=sources, keywords=names)
        part = Part(q.text, q.asked, hits=r.hits)
        if not r.hits:
            return part
        top = r.hits[0]
        term = r.matched_terms.get(top.passage.id)
        whole_note = term is not None and (
            q.asked in ("definition", "list", "comparison", "yesno")
            or (
                len(self._definition(top.passage)[0]) <= self.settings.short_note
                and q.asked != "fact"
            )
        )
        if whole_note:
            part.segments = self._note_segments(top.passage, top.score, q)
        elif (q.asked == "list" or q.flags.get("asks_name")) and top.passage.kind == "note":
            # a list stands whole in its note: quote it all, or cut it and say what is left;
            # "…合称什么" asks the note's own name, which its heading gives
            part.segments = self._note_segments(top.passage, top.score, q)
        else:
            part.segments = self._best_sentences(q, r)
        if q.asked == "list" and (noun := listed_noun(q.norm)):
            quoted = "".join(c.text for c in part.citations)
            # the kinds named one per paragraph, when they are more than the quote names
            have = len(_kinds_of(noun, quoted, q.norm))
            if (found := self._scattered(q, r, noun)) and len(found) > max(have, 1):
                part.segments = [f"共{len(found)}项：", *found]
        if q.asked == "list" and (heads := self._parallel_heads(q, r)):
            # 从哪几个方面抓落实: the short sentences ending alike on the question's words,
            # which each say what the question is about
            end, found = heads
            part.segments = [f"共{len(found)}项：", *found]
            q = replace(q, flags={**q.flags, "parallel": end})
        self._decide(q, r, part)
        return part

    def _ordinal_item(
        self, q: Question, mode: str, k: int, sources: set[str] | None
    ) -> Part | None:
        """15件民生实事里第五件是什么 / 5家园区里最后一家: the list the question names, found as
        a list question would find it, and the item at that place in it, quoted alone with
        its place and the list's length. None when the question points into no list, or the
        list found has no item there (then the question is answered as it stands)."""
        m = _ORDINAL_ASK.match(q.norm)
        if not m or q.lang == "en":
            return None
        whole = (m.group(1) or m.group(3)).strip("，,、 ")
        n = -1 if m.group(3) else zh_int(m.group(2))
        # 三率除了签约开工率和开工投产率，第三个: a clause before it is no list's name
        if not n or not CJK.search(whole) or re.search(r"[，,；;]", whole):
            return None
        # 第四个方面: the parts of a section, by their run-in heads
        asks = "有哪几个方面？" if q.norm[m.end() :].startswith(("方面", "部分")) else "有哪些？"
        lp = self.answer_one(self.analyse(f"{whole}{asks}"), mode, k, sources)
        if not lp.found:
            return None
        if (at := self._item_at(lp, n)) is None:
            return None
        cite, total = at
        rest = re.sub(r"^(?:方面|部分)", "", q.norm[m.end() :])
        if rest and not _WHAT_ELSE_ASKED.fullmatch(rest):
            # 最后一个方面要建设什么政府: the item is what the rest of the question asks of
            head = cite.text.strip("。；;，, ")
            return self.answer_one(self.analyse(f"“{head}”{rest}"), mode, k, sources)
        part = Part(q.text, q.asked, lp.found, lp.confidence, hits=lp.hits)
        place = total if n < 0 else n
        part.segments = [f"第{place}项（共{total}项）：", cite]
        part.units = [{**u, "question": q.text, "text": cite.text} for u in lp.units]
        return part

    @staticmethod
    def _item_at(lp: Part, n: int) -> tuple[Citation, int] | None:
        """Item n (-1: the last) of the list a part quotes, cited alone, and the list's length:
        the items quoted one by one (分5个方面：政治引领铸忠诚。法治护航促公正。…), or one quote
        enumerating them (一是…二是…). None when the list has no item there."""
        cites = lp.citations
        labels = "".join(x for x in lp.segments if isinstance(x, str))
        one_each = re.search(rf"(?:分|共){len(cites)}(?:个方面|项)", labels)
        if len(cites) >= 2 and one_each and -len(cites) <= n <= len(cites):
            return replace(cites[n - 1] if n > 0 else cites[-1], n=0), len(cites)
        for c in cites:
            items = list_items(c.text)
            if len(items) < 2 or not -len(items) <= n <= len(items):
                continue
            item = items[n - 1] if n > 0 else items[-1]
            if (at := c.text.find(item)) >= 0:
                spans = sub_spans(c.spans, at, at + len(item))
                return replace(c, text=item, spans=spans, n=0), len(items)
        return None

    def _articles_of_best(self, r: Retrieval, n: int = 3) -> Iterator[list[int]]:
        """The sentence ids of each article the best `n` passages belong to, read in its
        scope (scope_groups), each article once: where a list's items may stand apart."""
        seen: set[tuple[str, str]] = set()
        for h in r.hits[:n]:
            p = h.passage
            if p.kind != "article" or (p.source, p.title) in seen:
                continue
            seen.add((p.source, p.title))
            yield [
                i
                for pids in self.scope_groups(f"{p.title}@{p.id}").values()
                for pid in pids
                for i in self.index.sentences_of(pid)
            ]

    def _scattered(self, q: Question, r: Retrieval, noun: str) -> list[Citation]:
        """A list whose items stand one per paragraph of an article (建设法治政府。… 建设效能
        政府。… 建设清廉政府。): the kinds of `noun` the article names after one and the same
        verb, each cited with its sentence, when there are two or more. Read in the articles
        of the best three passages, the one naming most kinds wins."""
        best: list[int] = []
        for sentences in self._articles_of_best(r):
            frames: dict[str, dict[str, int]] = {}  # verb -> kind -> sentence
            for i in sentences:
                text = self.index.sentence_text(self.index.sentences[i])
                for verb, kind in _framed_kinds(noun, text, q.norm):
                    frames.setdefault(verb, {}).setdefault(kind, i)
            for kinds in frames.values():
                if len(kinds) > len(best):
                    best = list(kinds.values())
        if len(best) < 2:
            return []
        return [self._cite_sentence(i) for i in sorted(best)]

    def _parallel_heads(self, q: Question, r: Retrieval) -> tuple[str, list[Citation]] | None:
        """Heads set side by side in an article (要健全机制抓落实。… 要注重方法抓落实。… 要改进
        作风抓落实。): short sentences ending on the same three characters, which the question
        says after its interrogative (哪几个抓落实的要求), each cited; the largest such set in
        the articles of the best three passages, when it has two or more."""
        if q.lang == "en":
            return None
        # the words after the interrogative say what the items are (哪几个抓落实的要求);
        # before it, what they are about (抓落实要善于抓哪些: 抓重点、抓具体…)
        at = q.norm.find("哪")
        asked = q.norm[at:] if at >= 0 else ""
        if about := _ITEMS_ABOUT.search(q.norm):
            asked += about.group(1)  # 关于抓落实提了哪些要求: what the items are about, named
        best: list[int] = []
        best_end = ""
        for sentences in self._articles_of_best(r):
            ends: dict[str, list[int]] = {}
            for i in sentences:
                text = normalize(self.index.sentence_text(self.index.sentences[i]))
                if len(text) <= self.settings.lead_max_chars and text.endswith("。"):
                    end = text[-4:-1]
                    if HAN_RUN.fullmatch(end) and end in asked:
                        ends.setdefault(end, []).append(i)
            for end, heads in ends.items():
                if len(heads) > len(best):
                    best, best_end = heads, end
        if len(best) < 2:
            return None
        return best_end, [self._cite_sentence(i) for i in sorted(set(best))]

    def _decide(self, q: Question, r: Retrieval, part: Part) -> None:
        x = self.features(q, r, part.citations)
        p = self.model.probability(x) if self.model else fallback_probability(x)
        part.confidence = p
        part.found = decide(x, p, self.settings) and bool(part.citations)
        text = "".join(c.text for c in part.citations)
        part.units = [{"question": q.text, "features": x, "text": text, "found": part.found}]

    def focus(self, q: Question) -> list[str]:
        """What the question is about: its glossary terms, else its nouns (jieba posseg n*),
        minus words that only name the kind of answer (公司, 时间 …)."""
        from jieba import dt

        if q.terms:
            return list(q.terms)
        if m := _ABOUT_TOPIC.match(q.norm):
            return [m.group(1)]  # 关于执法，报告提出了什么要求: the topic is what it is about
        tags = pos_tags(q.norm)
        words = [
            (normalize(w), bool(i and tags[i - 1][0] in ("什么", "啥", "怎样的", "什么样的")))
            for i, (w, f) in enumerate(tags)
            if f[:1] == "n"
            and len(w) >= 2
            and CJK.search(w)
            and w not in HEAD_KIND
            and w not in QUESTION_WORDS
            and w not in DOC_NOUNS  # the document itself (报告, 文章) is no topic
        ]
        # the noun 什么 asks for (什么态度) is no topic on its own; beside others it still
        # marks the sentence that answers (走什么道路 -> 创新驱动发展道路)
        if all(asked for _, asked in words):
            return []
        # one everyday noun alone (免费送戏下乡计划多少场 -> 计划) does not say what the
        # question is about: its topic is in words the tagger does not call nouns
        if len(words) == 1 and dt.FREQ.get(words[0][0], 0) >= EVERYDAY_FREQ:
            return []
        return [w for w, _ in words]

    @cached_property
    def _readings(self) -> dict[str, set[str]]:
        """The documents' Chinese by its pinyin (pinyin_readings); empty past
        `pinyin_names_max_chars` of text, where the table would cost more than it helps."""
        texts, size = [], 0
        for p in self.index.passages:
            size += len(p.text) + len(p.title or "")
            if size > self.settings.pinyin_names_max_chars:
                return {}
            texts += [p.text, p.title or ""]
        return pinyin_readings(texts)

    def _around(self, p: Passage) -> str:
        """Passage p's text with the passages right before and after it in its article."""
        idx = self.index
        out = []
        for i in (p.id - 1, p.id, p.id + 1):
            if 0 <= i < len(idx.passages):
                x = idx.passages[i]
                if (x.source, x.title) == (p.source, p.title):
                    out.append(x.text)
        return "".join(out)

    def _closing_paragraphs(self, q: Question) -> list[int] | None:
        """The sentences of the last two paragraphs of each text a question about a text's ending
        (报告结尾, 评论最后) may mean: a report is a text under a numbered part heading
        (三、全面提升政府治理效能), other texts (评论, 文章, 报道) are not. None when the question
        asks of no text's ending, or on a large corpus (not read text by text)."""
        idx = self.index
        m = _ENDING_ASKED.search(q.norm)
        if not m or q.lang == "en" or len(idx.passages) >= self.settings.ann_threshold:
            return None
        last: dict[tuple[str, str], list[int]] = {}
        numbered: dict[tuple[str, str], bool] = {}
        for p in idx.passages:
            if p.kind != "article":
                continue
            key = (p.source, p.title)
            # a sign-off line (预祝大会圆满成功！) or a dateline closes a text without a point
            texts = [idx.sentence_text(idx.sentences[i]) for i in idx.sentences_of(p.id)]
            if any(len(t) > self.settings.lead_max_chars and not DATELINE.match(t) for t in texts):
                last.setdefault(key, []).append(p.id)
            numbered[key] = bool(
                p.headings and re.match(r"[一二三四五六七八九十]{1,3}、", p.headings[0][0])
            )
        report = m.group(1).endswith("报告")
        keys = [k for k in last if numbered[k] == report] or list(last)
        # an ending runs over the last two paragraphs (众志成城开千仞峰… then 我们要更加紧密…)
        out = [i for k in keys for pid in last[k][-2:] for i in idx.sentences_of(pid)]
        return out or None

    @cached_property
    def _sentence_id(self) -> dict[str, int]:
        idx = self.index
        out: dict[str, int] = {}
        for i, s in enumerate(idx.sentences):
            out.setdefault(idx.sentence_text(s), i)
        return out

    def _holds_kind_in(self, q: Question, pids: list[int]) -> bool:
        """Some sentence of these passages holds a value of the kind q asks for."""
        idx = self.index
        return any(
            answer_holds_kind(q, idx.sentence_text(idx.sentences[i]))
            for pid in pids
            for i in idx.sentences_of(pid)
        )

    def _with_next(self, pid: int) -> list[int]:
        """Passage pid and the one after it when that one continues the same article."""
        idx = self.index
        p = idx.passages[pid]
        nxt = pid + 1
        if nxt < len(idx.passages) and (idx.passages[nxt].source, idx.passages[nxt].title) == (
            p.source,
            p.title,
        ):
            return [pid, nxt]
        return [pid]

    def _article_text(self, p: Passage) -> str:
        """The whole text of the article (or glossary) passage p belongs to, read around it
        (scope_groups: at most Settings.summary_scope_passages passages)."""
        groups = self.scope_groups(f"{p.title}@{p.id}")
        return "".join(self.index.passages[i].text for ids in groups.values() for i in ids)

    def specific_names(self, q: Question) -> list[str]:
        """english_names that pick out a few passages, not the documents' setting (运城 in
        a city's report): as search words and shared words, a name every other passage
        holds only adds noise."""
        # the source a document is named by (the Xinhua commentary) says where to look, not
        # what the answer is about
        text = re.sub(_SOURCE_NAMED, "", q.text)
        names = english_names(text, self._readings) + english_institutions(text)
        if not names or len(self.index.passages) >= self.settings.ann_threshold:
            return names
        limit = max(2, self.settings.name_passage_share * len(self.index.passages))
        return [n for n in names if self._name_df(n) <= limit]

    def _name_df(self, name: str) -> int:
        cache = self.__dict__.setdefault("_df_cache", {})
        if name not in cache:
            cache[name] = sum(name in p.text for p in self.index.passages)
        return cache[name]

    def english_names(self, q: Question) -> list[str]:
        """What an English question names as the documents write it: its pinyin names
        (Houma -> 侯马) and the institutions it names in English (CPPCC -> 政协)."""
        return list(
            dict.fromkeys(english_names(q.text, self._readings) + english_institutions(q.text))
        )

    def holds_kind(self, q: Question, cites: list[Citation], hits: list[Hit] | None = None) -> bool:
        """Some quoted sentence both holds the kind asked for and is about the question's focus.
        `hits` give the passages quoted from: a note's heading (“四菜一汤一饼”地标美食：) is
        about what the note is about, and the article may title the person a sentence names
        (全国政协委员…尼玛琼拉 in the paragraph before 尼玛琼拉又专程走进安置点)."""
        notes: dict[tuple[str, str], str] = {}
        articles: dict[tuple[str, str], str] = {}
        quoted_from: dict[tuple[str, str], list[Passage]] = {}
        for h in hits or []:
            key = (h.passage.source, h.passage.title)
            if h.passage.kind == "note":
                notes[key] = h.passage.text
            articles[key] = articles.get(key, "") + h.passage.text
            quoted_from.setdefault(key, []).append(h.passage)
        focus = self.focus(q)
        if head := described_head(q, [normalize(c.text) for c in cites]):
            focus = [*focus, head]  # 定日地震的安置点是啥样的: 安置点 (the tagger splits it)
        if end := q.flags.get("parallel"):
            focus = [*focus, end]  # heads that each end on the question's words (抓落实)
        relation = relation_words(q)
        # a short quoted term (“四精”), not a quoted phrase (“为人民干事是天职”)
        quoted = re.findall(r"[“\"]([^”\"]{1,4})[”\"]", q.text)
        # an English question's relation words, in any of their Chinese renderings
        en_relations = english_relations(q.text) if q.lang == "en" else []
        # the notes the question's glossary terms (or their aliases) name are on its focus
        # even where they write the term otherwise (全省“1+N”人才政策 -> the note 「1+N」)
        named_notes = {
            self.index.passages[pid].title for t in q.terms for pid in self.index.terms.get(t, [])
        }
        joined = "".join(c.text for c in cites)
        # 报告结尾说要以什么样的决心干事: where the text ends is what it is about
        closing = [
            self.index.passages[pid].text
            for pid in {self.index.sentences[i].passage for i in self._closing_paragraphs(q) or []}
        ]
        # an English question's names as the page writes them (Houma-Hejin -> 侯马, 河津):
        # the article quoted must name one; its byline counts (Xinhua commentary -> 新华社)
        names = self.english_names(q) if q.lang != "zh" else []
        people = [n for n in names if _is_person(n)]
        # 李发权是不是全国人大代表: a yes or no is about the person asked of, not whoever is one
        subjects = person_names(pos_tags(q.norm)) if q.asked == "yesno" and q.lang == "zh" else []

        def where(c: Citation) -> str:
            # a how-question's action (怎样建设法治政府 -> 建设) is stated once for the steps
            # that follow it: the whole answer says it; any other relation, the sentence
            return joined if q.asked == "method" else c.text

        # what the cited paragraph says about the subject: a heading sentence (要健全机制抓落实。)
        # names it, the next sentence answers (用好“四精四账”工作法…)
        by_passage: dict[tuple[str, str], str] = {}
        for c in cites:
            by_passage[(c.source, c.title)] = by_passage.get((c.source, c.title), "") + c.text
        for c in cites:
            key = (c.source, c.title)
            own = normalize(by_passage[key] + c.title + notes.get(key, ""))
            # 她 / 这位… points back at the person named last before it (张虹 … 今年全国两会,
            # 她将积极建言): the sentence is about that person
            at = next(
                ((p, p.text.find(c.text)) for p in quoted_from.get(key, []) if c.text in p.text),
                None,
            )
            if at is not None and (who := self.antecedent(at[0], at[1], c.text)):
                own += normalize(who)
            elif at is not None and _QUOTATION.fullmatch(c.text.strip()):
                # words quoted alone are about the one who says them, named right after
                # (“文件提出…方向。”李发权说，…)
                end = at[1] + len(c.text)
                after = re.split(r"[。！？!?]", at[0].text[end:], maxsplit=1)[0]
                # or refer back to (“不怕风高浪急…！”这位…创业者坚信 -> 袁玉宇)
                who = self.antecedent(at[0], end, after)
                own += who or "".join(person_names(pos_tags(after)))
            if (
                (
                    answer_holds_kind(q, c.text, articles.get(key, ""))
                    # a list quoted item by item (要健全机制抓落实。…要守牢底线抓落实。): the
                    # items quoted from one text together are its enumeration
                    or (
                        q.asked == "list"
                        and answer_holds_kind(q, by_passage[key], articles.get(key, ""))
                    )
                    # the glossary note of the term asked about is its definition, whatever
                    # its text goes on to say (…6市晋创谷挂牌运营 names the term again)
                    or (q.asked == "definition" and c.title in named_notes)
                    # the items of the term asked about: its note lists them, its heading
                    # saying what they are (“四菜一汤一饼”地标美食：“四菜”即…)
                    or (
                        q.asked == "list"
                        and c.title in named_notes
                        and answer_holds_kind(q, notes.get(key, c.text))
                    )
                    # why the term asked about: its note says what it is for
                    or (
                        q.asked == "reason"
                        and c.title in named_notes
                        and reason_of_term(q, notes.get(key, c.text))
                    )
                )
                # “四精” asked, “四精四账” quoted: a part of a term is not the term
                and not any(only_inside_longer(t, c.text) for t in quoted)
                and (
                    not focus
                    or c.title in named_notes
                    or any(_present(w, own) for w in focus)
                    or any(c.text in t for t in closing)
                )
                # the relation must be stated by the sentence itself: a heading that names
                # the event (…会议召开) does not say where or when it was held
                and all(_states_relation(q, w, where(c)) for w in relation)
                and all(states(c.text, r) for r in en_relations)
                and all(n in own for n in subjects)
                # a person named must be the sentence's own (or the one it refers back to); a
                # place or a body, when no person is named, anywhere in its article
                and (
                    # words quoted alone (“现在灵活就业人员…约有2亿人…”) are said by the
                    # person their paragraph names around them
                    any(
                        n in own
                        or (
                            at is not None
                            and c.text.lstrip().startswith("“")
                            and n in self._around(at[0])
                        )
                        for n in people
                    )
                    if people
                    else not names
                    or any(
                        any(n in article for n in names)
                        for article in map(self._article_text, quoted_from.get(key, [])[:1])
                    )
                )
            ):
                return True
        return False

    def antecedent(self, p: Passage, start: int, sentence: str) -> str | None:
        """The person a sentence that opens with a third-person reference (她, 他, 这位…, 其)
        is about: the last person named before it in its article, read back through the
        passages of the same article. None when the sentence names its own person or
        refers to none."""
        m = _ANAPHOR.search(sentence[:12])
        # a name before the reference is the sentence's own person; one after it is inside
        # the reference (这位曾与习近平总书记面对面…的创业者)
        if not m or person_names(pos_tags(sentence[: m.start()])):
            return None
        before = p.text[: max(start, 0)]
        pid = p.id
        while len(before) < 300 and pid > 0:
            prev = self.index.passages[pid - 1]
            if (prev.source, prev.title, prev.kind) != (p.source, p.title, p.kind):
                break
            before = prev.text + before
            pid -= 1
        names = person_names(pos_tags(before[-300:]))
        return names[-1] if names else None

    # -- signals ---------------------------------------------------------------------
    def features(self, q: Question, r: Retrieval, cites: list[Citation]) -> dict[str, float]:
        """The signals the refusal model weighs; all in [0, 1]."""
        top = r.hits[0]
        qwords = bigrams(q.text) - QUESTION_BIGRAMS
        if q.lang != "zh":
            # its specific names as the page writes them are the words an English question
            # shares with the page
            qwords |= bigrams(" ".join(self.specific_names(q)))
        answer_text = "".join(c.text for c in cites)
        known = normalize(top.passage.text + (top.passage.title or ""))
        names = [normalize(x) for x in [top.passage.term or "", *top.passage.aliases] if x]
        missing = [
            w
            for w in self.index.tokenizer.content_words(asked_text(q))
            if len(w) >= 2
            and CJK.search(w)
            and w not in QUESTION_WORDS
            and not any(w in n for n in names)
            and not _present(w, known)
        ]
        sent_dense = 0.0
        # the best sentence of the top passages, and the sentences quoted (found further down)
        sents = [i for h in r.hits[:3] for i in self.index.sentences_of(h.passage.id)]
        sents += [i for c in cites if (i := self._sentence_id.get(c.text)) is not None]
        if r.query_vector is not None and sents:
            sent_dense = float(np.max(self.index.sentence_vectors[sents] @ r.query_vector))
        feats = {
            "dense": float(top.retrievers.get("dense", {}).get("score", 0.0)),
            "sent_dense": sent_dense,
            "coverage": coverage(qwords, top.passage.text + (top.passage.title or "")),
            "answer_coverage": coverage(qwords, answer_text),
            "missing": min(len(missing), 5) / 5,
            "unknown": min(len(self.unknown_words(q)), 2) / 2,
            "term": float(top.passage.id in r.matched_terms),
            "kind_ok": float(self.holds_kind(q, cites, r.hits)),
            "typed": float(gated(q)),
            "english": float(q.lang == "en"),
        }
        # interactions: a cross-lingual question has only the vector to go on
        feats["en_dense"] = feats["english"] * feats["sent_dense"]
        feats["zh_coverage"] = (1 - feats["english"]) * feats["coverage"]
        # how far the best passage stands above the rest of the candidates: a question about
        # something the page holds has a clear best; one about nothing on it (an English
        # question has no shared words to tell) finds everything about equally near
        near = sorted(
            (h.retrievers["dense"]["score"] for h in r.hits if "dense" in h.retrievers),
            reverse=True,
        )
        gap = min(1.0, 10 * (near[0] - near[-1])) if len(near) >= 5 else 0.0
        feats["en_gap"] = feats["english"] * gap
        # How do I bake bread? asks the asker's own steps: a quote answers that only about
        # something the question names as the documents do (a term, a name); with nothing
        # named, the vector alone picks whatever policy sentence is nearest every question
        feats["unanchored_howto"] = float(
            q.lang == "en"
            and bool(_PERSONAL_HOWTO.match(q.text))
            and not q.terms
            and not CJK.search(q.text)  # How do I apply for 惠商保? names it as the page does
            and not self.english_names(q)
        )
        return feats

    def unknown_words(self, q: Question) -> list[str]:
        """The question's nouns no document holds anywhere, not even as character pairs
        (天气, 世界杯, 教练), and its numbers no document writes (2022): what the question is
        about but the documents never mention. Nouns by jieba's tags, so the question's own
        wording (打算, 几个, 看到) does not count."""
        vocab = getattr(getattr(self.index, "keyword", None), "vocab_dict", None)
        if not vocab:
            return []
        out: list[str] = []
        plain: list[str] = []
        tags = [(w, f) for w, f in pos_tags(normalize(asked_text(q))) if f not in ("uj", "x")]
        asks = [f == "r" and (bool(INTERROGATIVE.search(w)) or w == "谁") for w, f in tags]
        for j, (w, f) in enumerate(tags):
            if f in ("i", "l") and HAN_RUN.fullmatch(w):
                # a fixed phrase the tagger keeps whole (今天天气/i): the nouns inside it
                out += [x for x in self._nouns_inside(w) if self._unseen(x, vocab)]
                continue
            if f == "eng" and q.lang != "en" and len(w) >= 3 and w.lower() not in vocab:
                # a Latin name in a Chinese question (Python, JSON) no page writes; an ordinary
                # English word (sister city, meeting) is only the asker's wording, unless the
                # question's Chinese says nothing the page holds (python里怎么把列表反转)
                written = re.search(rf"(?<![A-Za-z]){re.escape(w)}(?![A-Za-z])", q.text, re.I)
                ordinary = written is not None and written.group(0).islower() and w.isalpha()
                (plain if ordinary else out).append(w)
                continue
            if f[:1] != "n" or len(w) < 2 or not HAN_RUN.fullmatch(w) or w in QUESTION_WORDS:
                continue
            # the category asked for (什么职务, 哪个部门, 身份是什么) and the document itself
            # (这篇评论) are how the question asks, not what it is about
            if (j and asks[j - 1]) or any(asks[j + 1 : j + 3]) or w in DOC_NOUNS:
                continue
            if self._unseen(w, vocab):
                out.append(w)
        for m in re.finditer(r"(?<![A-Za-z0-9.,])\d{2,}(?![A-Za-z0-9])", normalize(q.text)):
            if m.group(0) not in vocab:
                out.append(m.group(0))
        seen = [
            w
            for w, f in tags
            if f[:1] in ("n", "v")
            and len(w) >= 2
            and HAN_RUN.fullmatch(w)
            and w not in QUESTION_WORDS
            and w in vocab
        ]
        if plain and (out or len(seen) < 2):
            out += plain
        out += [n for n in self.unseen_people(q) if n not in out]
        return out

    def unseen_people(self, q: Question) -> list[str]:
        """The people a Chinese question names (by the tagger, or as the name before a title:
        金湘军省长) whom no document names."""
        if q.lang == "en":
            return []
        norm = normalize(q.text)
        names = person_names(pos_tags(norm)) + [m.group(1) for m in NAME_TITLE.finditer(norm)]
        return [n for n in dict.fromkeys(names) if len(n) >= 2 and n not in self._all_text]

    @cached_property
    def _all_text(self) -> str:
        """Every passage's text, joined once: a name is looked up in it, not passage by passage."""
        return "\n".join(p.text for p in self.index.passages)

    @staticmethod
    def _unseen(w: str, vocab) -> bool:
        """No document holds `w`, nor most of its character pairs."""
        pairs = [w[i : i + 2] for i in range(len(w) - 1)]
        return w not in vocab and sum(x in vocab for x in pairs) * 2 <= len(pairs)

    @staticmethod
    def _nouns_inside(phrase: str) -> list[str]:
        """The dictionary nouns within a fixed phrase (今天天气 -> 天气), by jieba's search mode."""
        subs = {x for x in jieba.cut_for_search(phrase) if len(x) >= 2 and x != phrase}
        return [x for x in subs if any(f[:1] == "n" for _, f in pos_tags(x)[:1])]

    # -- citations ---------------------------------------------------------------------
    def _definition(self, p: Passage) -> tuple[str, int]:
        """A note's text after its term and colon, and where that starts."""
        text = p.text
        i = min((x for x in (text.find("："), text.find(":")) if x >= 0), default=-1) + 1
        return text[i:], i

    def _cite_sentence(self, i: int, score: float = 1.0) -> Citation:
        """Sentence i of the index, cited from its passage."""
        s = self.index.sentences[i]
        return self._cite(self.index.passages[s.passage], s.start, s.end, score)

    def _cite(self, p: Passage, start: int, end: int, score: float) -> Citation:
        return p.cite(0, p.text[start:end], sub_spans(p.spans, start, end), round(score, 4))

    def _note_segments(self, p: Passage, score: float, q: Question) -> list:
        """A note's whole definition, its item count when it is an enumeration, cut at an item
        boundary (saying how many are left) when longer than the list limit."""
        text, i = self._definition(p)
        head = f"「{p.term}」（工作注释第{p.note}条）："
        n_items = count_items(text)
        if q.asked == "list" and n_items:
            head = f"「{p.term}」（工作注释第{p.note}条，共{n_items}项）："
        if q.flags.get("asks_name"):
            # the name asked for is the note's term: quote the note from its first character
            text, i, head = p.text, 0, f"（工作注释第{p.note}条）"
        limit = self.settings.max_list_chars
        if len(text) <= limit:
            return [head, self._cite(p, i, len(p.text), score)]
        cut = max((m.end() for m in re.finditer(r"[；;。]", text[:limit])), default=limit)
        shown = count_items(text[:cut]) or 0
        rest = (
            f"（其余{n_items - shown}项见来源全文）"
            if n_items and n_items > shown
            else "（未完，见来源全文）"
        )
        return [head, self._cite(p, i, i + cut, score), rest]

    def _passage_citation(self, h: Hit, n: int) -> Citation:
        p = h.passage
        return p.cite(n, p.text, list(p.spans), round(h.score, 4))

    def _best_sentences(self, q: Question, r: Retrieval) -> list:
        """Score the sentences of the top passages: meaning (dense), the question's words they
        hold, whether they hold the kind of thing asked, and how much they add beyond
        restating the question (a heading adds nothing)."""
        cfg = self.settings
        idx = self.index
        if q.lang == "en":
            # an English question has no words to share with a Chinese sentence: the sentence's
            # meaning decides, over more passages and without favouring the passage ranked first
            top_ids = [h.passage.id for h in r.hits[: cfg.en_sentence_passages]]
            names = self.english_names(q)
            if q.asked in TYPED and names and not self._holds_kind_in(q, top_ids):
                # no value of the kind asked in the passages nearest in meaning: one further
                # down that names what the question names may hold it (How many years of
                # history has the CPPCC: 走过75年光辉历程的人民政协…, 8th)
                top_ids += [
                    h.passage.id
                    for h in r.hits[cfg.en_sentence_passages : 2 * cfg.en_sentence_passages]
                    if any(n in h.passage.text for n in names)
                    and self._holds_kind_in(q, [h.passage.id])
                ]
            # what the question names as the page writes it (Jinchuang Valley -> 晋创) is the
            # one word it shares with the page: the passages naming it, or next to one that
            # does, come first, as the passage ranked first does for a Chinese question. A
            # person is left to the sentences that refer back to them (below).
            things = [n for n in self.specific_names(q) if not _is_person(n)]
            rank_bonus = {
                pid: cfg.sentence_rank_bonus[0]
                if any(n in self._around(idx.passages[pid]) for n in things)
                else 0.0
                for pid in top_ids
            }
        else:
            top_ids = [h.passage.id for h in r.hits[: len(cfg.sentence_rank_bonus)]]
            rank_bonus = dict(zip(top_ids, cfg.sentence_rank_bonus, strict=False))
        if q.flags.get("quote"):
            # the words a person said may stand a paragraph after the one naming them
            top_ids = list(dict.fromkeys(x for pid in top_ids for x in self._with_next(pid)))
            rank_bonus = {**dict.fromkeys(top_ids, 0.0), **rank_bonus}
        cand = [i for pid in top_ids for i in idx.sentences_of(pid)]
        if (run_in := self._named_head(q)) is not None:
            # “千字当头勇作为”要建设什么政府 / 廉洁奉公那段: the paragraph that head opens
            cand = self._paragraph_after(run_in) or cand
            top_ids = list(dict.fromkeys([idx.sentences[i].passage for i in cand] + top_ids))
            rank_bonus = {**dict.fromkeys(top_ids, 0.0), **rank_bonus}
        if (closing := self._closing_paragraphs(q)) is not None:
            # 报告结尾用了哪句话: the last paragraph of the texts of the kind named
            cand = closing
            top_ids = list(dict.fromkeys([idx.sentences[i].passage for i in cand] + top_ids))
            rank_bonus = {**dict.fromkeys(top_ids, 0.0), **rank_bonus}
        if (line := q.flags.get("adjacent")) and (beside := self._beside(*line, top_ids)):
            # “一跃龙门天地开”下一句是啥: the line after the quoted one, wherever it stands
            cand = beside
            top_ids = list(dict.fromkeys([idx.sentences[i].passage for i in cand] + top_ids))
            rank_bonus = {**dict.fromkeys(top_ids, 0.0), **rank_bonus}
        # a paragraph of one short exclamation (预祝大会圆满成功！) signs a text off: it
        # answers nothing (明天北京会下雨吗)
        cand = [i for i in cand if not self._sign_off(i)] or cand
        if (m := _ABOUT_TOPIC.match(q.norm)) and (
            about := [
                i for i in cand if m.group(1) in normalize(idx.sentence_text(idx.sentences[i]))
            ]
        ):
            cand = about  # 关于执法，…: a sentence about 执法
        texts = [normalize(idx.sentence_text(idx.sentences[i])) for i in cand]
        if head := described_head(q, texts):
            # 定日地震的安置点是啥样的: a sentence about the thing described (安置点)
            cand = [i for i, t in zip(cand, texts, strict=True) if head in t]
        if q.asked not in ("time", "organisation", "place"):
            # a closing dateline (新华社北京3月3日电) says when, where and by whom a story was
            # sent, and nothing else: no answer to 会下雨吗 or to what the story says
            cand = [i for i in cand if not DATELINE.match(idx.sentence_text(idx.sentences[i]))]
        if not cand:
            return []
        # 政府工作报告里提的政府工作理念: the words naming the text pick no sentence of it
        qwords = bigrams(q.text) - QUESTION_BIGRAMS - bigrams(source_frame(q.norm))
        people = []
        if q.lang != "zh":
            # the person an English question names (Zhang Hong -> 张虹) is in the sentence
            # that answers, or in the one it refers back to; a place may be a sentence away
            people = [n for n in self.english_names(q) if _is_person(n)]
            qwords |= bigrams(" ".join(people))
        else:
            # a Chinese question naming a person: a sentence that refers back to them (这位…
            # 创业者坚信…) counts their name too
            people = person_names(pos_tags(q.norm))
        focus = self.focus(q)
        qv = r.query_vector if r.query_vector is not None else self.retriever.encode(q.text)
        dense = idx.sentence_vectors[cand] @ qv
        # Words that name the passage (its term or title) pick the passage, not the sentence.
        own = {}
        for pid in rank_bonus:
            p = idx.passages[pid]
            naming = " ".join([p.term or "", *p.aliases, p.title])
            own[pid] = qwords - bigrams(naming)
        # the focus words each sentence of the asked kind names (None: not of the kind), out of
        # those some candidate names (职务 of 尼玛琼拉的职务是什么 is asked, named by none)
        said: list[int | None] = [None] * len(cand)
        named: set[str] = set()
        relation = relation_words(q)  # and states the relation asked about (地震 of 地震是什么时候)
        for ci, c in enumerate(cand if gated(q) else []):
            s = idx.sentences[c]
            text = idx.sentence_text(s)
            # the focus a sentence names, read with the paragraphs around it: news names the
            # person once (尼玛琼拉…), and the next paragraph tells what happened (…发生6.8级地震)
            around = self._around(idx.passages[s.passage])
            own_text = normalize(text + idx.passages[s.passage].title + around)
            present = {w for w in focus if _present(w, own_text)}
            named |= present
            if q.flags.get("quote") and people:
                # 袁玉宇那句鼓劲的话: words the person asked about says, not anyone's words
                if self._speaker(c) not in people:
                    continue
                present |= set(people) & set(focus)
            if answer_holds_kind(q, text, idx.passages[s.passage].text) and all(
                _states_relation(q, w, text) for w in relation
            ):
                said[ci] = len(present)
        most = len(named)
        scores = []
        for ci, c in enumerate(cand):
            s = idx.sentences[c]
            text = idx.sentence_text(s)
            sb = bigrams(text)
            novelty = len(sb - qwords) / len(sb) if sb else 0.0
            typed = 0.0
            n = said[ci]
            if n is not None and (not focus or n):
                # about the question's focus, in proportion to how much of it the sentence
                # names against the sentence naming most (万荣…园区 over 园区 alone)
                w = cfg.focus_share_weight
                typed = cfg.sentence_type_bonus * (1 - w + w * n / most if focus else 1.0)
            scores.append(
                float(dense[ci])
                + cfg.sentence_coverage_weight
                * coverage(
                    own[s.passage] or qwords,
                    # 这位…创业者 is about the person named before it; words quoted alone,
                    # about the one who says them
                    text
                    + (
                        self.antecedent(idx.passages[s.passage], s.start, text)
                        or self._speaker(c)
                        or ""
                    )
                    if people
                    else text,
                )
                + rank_bonus[s.passage]
                + typed
                - 0.6 * max(0.0, 0.5 - novelty)
            )
        order = list(np.argsort(-np.asarray(scores), kind="stable"))
        chosen = [cand[order[0]]]
        best = scores[order[0]]
        total = len(idx.sentence_text(idx.sentences[chosen[0]]))
        max_n = cfg.max_sentences + (2 if q.asked == "list" else 0)
        max_chars = cfg.max_answer_chars * (2 if q.asked == "list" else 1)
        for o in order[1:]:
            c = cand[o]
            if len(chosen) >= max_n or scores[o] < best - cfg.sentence_near:
                break
            length = len(idx.sentence_text(idx.sentences[c]))
            if total + length > max_chars:
                continue
            chosen.append(c)
            total += length
        # A very short sentence (a heading such as 要健全机制抓落实。) needs the one after it.
        if total < 20 and (nxt := self._next_in_passage(chosen[0], chosen)) is not None:
            chosen.append(nxt)
        if q.asked in ("method", "reason"):
            self._finish_sentences(chosen, max_chars)
        if q.asked in ("method", "list"):
            self._steps_after_heading(q, chosen)
        if q.asked == "list" and (noun := listed_noun(q.norm)):
            self._rest_of_list(q, noun, chosen)
        # 杜明燕深有感触。 says that she felt something; what, the quotation before it says
        anchor = chosen[0]
        said = self._quotation_before(anchor, focus)
        if said is not None and said not in chosen:
            chosen.append(said)
        named = self._naming_sentence(chosen[0]) if q.asked == "person" else None
        if named is not None and named not in chosen:
            chosen.append(named)
        elif named is None and q.asked == "person":
            # “只有千方百计走到群众中间…”全国政协委员…杜明燕深有感触: words quoted alone are
            # said by the person the next sentence names
            if (speaker := self._speaker_sentence(chosen[0])) is not None and speaker not in chosen:
                chosen.append(speaker)

        def order_key(c: int) -> tuple[int, int]:
            # a sentence carried over from the next passage of the same paragraph reads after
            # the one it follows
            back = c
            while idx.sentences[back].passage not in top_ids and back > 0:
                back -= 1
            pid = idx.sentences[back].passage
            return (top_ids.index(pid) if pid in top_ids else len(top_ids)), c

        chosen.sort(key=lambda c: (c != named, order_key(c)))  # the name first
        if said is not None and said + 1 == anchor and said in chosen:
            # what was said reads before the sentence that says who said it
            chosen.remove(said)
            chosen.insert(chosen.index(anchor), said)
        if run_in is not None and q.asked == "definition" and run_in not in chosen:
            chosen.insert(0, run_in)  # what “千字当头勇作为” says: the head, then its paragraph
        return [self._cite_sentence(c, scores[cand.index(c)] if c in cand else 0.0) for c in chosen]

    @cached_property
    def _run_in_heads(self) -> dict[str, int]:
        """Run-in heads (a short sentence opening a paragraph: 千字当头勇作为。) by their first
        four characters, on a corpus small enough to read them all."""
        idx = self.index
        if len(idx.passages) >= self.settings.ann_threshold:
            return {}
        heads: dict[str, int] = {}
        for i, s in enumerate(idx.sentences):
            text = idx.sentence_text(s).strip()
            if (
                6 <= len(text) <= self.settings.lead_max_chars
                and text.endswith("。")
                and self._opens_paragraph(i)
            ):
                heads.setdefault(normalize(text)[:4], i)
        return heads

    def _named_head(self, q: Question) -> int | None:
        """The run-in head a question names by its opening words (廉洁奉公那段, “千字当头勇
        作为”要…), if any."""
        if q.lang == "en":
            return None
        found = [i for key, i in self._run_in_heads.items() if key in q.norm]
        return found[0] if len(found) == 1 else None

    def _paragraph_after(self, head: int) -> list[int]:
        """The sentences of the paragraph a run-in head opens, after the head."""
        out, c = [], head
        while (nxt := self._next_in_passage(c, [])) is not None:
            out.append(nxt)
            c = nxt
        return out

    def _steps_after_heading(self, q: Question, chosen: list[int]) -> None:
        """How to do what a paragraph opens with (带头尊法守法，建设法治政府。 then its steps):
        when the first sentence chosen ends by restating the action asked about, it heads the
        paragraph, and the steps are the sentences after it, added in order up to
        `Settings.max_list_chars`."""
        idx = self.index
        first = min(chosen)
        text = idx.sentence_text(idx.sentences[first]).strip()
        if not text.endswith("。"):
            return  # an item of a list (七是推动惠商保惠及全省个体工商户；) heads nothing
        last = re.split(r"[，,；;：:]", text.rstrip("。"))[-1]
        grams = bigrams(last)
        if not grams or len(grams & bigrams(q.text)) < 0.8 * len(grams):
            return
        total = sum(len(idx.sentence_text(idx.sentences[c])) for c in chosen)
        c = first
        while (nxt := self._next_in_passage(c, [])) is not None:
            length = len(idx.sentence_text(idx.sentences[nxt]))
            if total + length > self.settings.max_list_chars:
                break
            if nxt not in chosen:
                chosen.append(nxt)
                total += length
            c = nxt

    def _rest_of_list(self, q: Question, noun: str, chosen: list[int]) -> None:
        """A list whose kinds of `noun` run on into the next sentence of the paragraph (依法接受
        人大法律监督和工作监督，…政协民主监督。 / 加强审计监督、统计监督，…): the sentences right
        after a chosen one that name kinds not named yet, up to `Settings.max_list_chars`."""
        idx = self.index
        kinds = re.compile(rf"[\u4e00-\u9fff]{{2,4}}{re.escape(noun)}")

        def named(c: int) -> set[str]:
            return {
                m.group(0)[-len(noun) - 2 :]
                for m in kinds.finditer(idx.sentence_text(idx.sentences[c]))
            }

        seen = set().union(*(named(c) for c in chosen))
        if not seen:
            return  # the quote names no kind of it: nothing runs on
        total = sum(len(idx.sentence_text(idx.sentences[c])) for c in chosen)
        c = max(chosen)
        while (nxt := self._next_in_passage(c, chosen)) is not None:
            new = named(nxt) - seen
            length = len(idx.sentence_text(idx.sentences[nxt]))
            if not new or total + length > self.settings.max_list_chars:
                break
            chosen.append(nxt)
            seen |= new
            total += length
            c = nxt

    def _quotation_before(self, c: int, focus: list[str] | tuple[str, ...] = ()) -> int | None:
        """For a sentence that only names a speaker and a verb of saying or feeling (全国政协
        委员…杜明燕深有感触。), or points back at what was said as the thing asked about
        (什么样的消息 -> 很多这样的消息), the quotation right before it (in its paragraph, or
        set apart as the paragraph before): what was said."""
        idx = self.index
        text = idx.sentence_text(idx.sentences[c]).strip()
        speaker = _SPEAKER_ONLY.search(text) and person_names(pos_tags(text))
        # …接连收到很多这样的消息。: what "such messages" were, the quotation before says
        points = any(re.search(_POINTS_BACK.pattern + re.escape(w), text) for w in focus)
        if not (speaker or points) or c == 0:
            return None
        prev = c - 1
        if self._next_in_passage(prev, []) != c and not self._paragraph_before(prev, c):
            return None
        before = idx.sentence_text(idx.sentences[prev]).strip()
        # (quotations strung together may trail off: “…去”“…好”……)
        return prev if before.startswith("“") and before.rstrip("。！？!?…").endswith("”") else None

    def _paragraph_before(self, prev: int, c: int) -> bool:
        """Sentence `prev` is the whole paragraph right before sentence c's, in one article
        (the quotations set apart: “…去”“…好”…… / 这两天,…收到很多这样的消息。)."""
        idx = self.index
        a, b = idx.sentences[prev], idx.sentences[c]
        p, q = idx.passages[a.passage], idx.passages[b.passage]
        return (
            q.id == p.id + 1
            and (p.source, p.title) == (q.source, q.title)
            and list(idx.sentences_of(p.id)) == [prev]
            and list(idx.sentences_of(q.id))[:1] == [c]
        )

    def _after_quotation(self, c: int) -> int | None:
        """For a sentence that is nothing but a quotation (“…。”), the next sentence of its
        paragraph: news style puts the speaker right after the words."""
        idx = self.index
        text = idx.sentence_text(idx.sentences[c]).strip()
        if not (text.startswith("“") and text.rstrip("。！？!?").endswith(("”", "。”", "！”"))):
            return None
        return self._next_in_passage(c, [])

    def _speaker_sentence(self, c: int) -> int | None:
        """The sentence after a quotation when it names a person (“…更有力度。”全国政协委员、
        …杜明燕深有感触。), and the quotation names none itself."""
        idx = self.index
        if person_names(pos_tags(idx.sentence_text(idx.sentences[c]))):
            return None
        nxt = self._after_quotation(c)
        if nxt is None:
            return None
        return nxt if person_names(pos_tags(idx.sentence_text(idx.sentences[nxt]))) else None

    def _speaker(self, c: int) -> str | None:
        """Who says sentence c when it is a quotation set alone (“不怕风高浪急…！”): the person
        its paragraph's next sentence names, or refers back to (这位…创业者坚信 -> 袁玉宇)."""
        idx = self.index
        nxt = self._after_quotation(c)
        if nxt is None:
            return None
        s = idx.sentences[nxt]
        after = idx.sentence_text(s)
        # a name inside the reference (这位曾与习近平总书记面对面…的创业者) is not the speaker
        if who := self.antecedent(idx.passages[s.passage], s.start, after):
            return who
        names = person_names(pos_tags(after))
        return names[0] if names else None

    def _naming_sentence(self, c: int) -> int | None:
        """For a who-question answered by a sentence that only refers back to its person
        (这位…创业者坚信…), the sentence before it in its article that names that person
        (…董事长袁玉宇带着团队…): the answer must say the name. None when the sentence names
        its own person or refers to nobody."""
        idx = self.index
        s = idx.sentences[c]
        p = idx.passages[s.passage]
        text = idx.sentence_text(s)
        who = self.antecedent(p, s.start, text)
        if not who:
            return None
        for b in range(c - 1, max(c - 40, -1), -1):
            prev = idx.passages[idx.sentences[b].passage]
            if (prev.source, prev.title, prev.kind) != (p.source, p.title, p.kind):
                break
            if who in idx.sentence_text(idx.sentences[b]):
                return b
        return None

    def _beside(self, line: str, step: int, top_ids: list[int]) -> list[int]:
        """The sentence holding the line a question quotes when the line next to it (step +1
        after, -1 before) is in the same sentence (一跃龙门天地开，更上层楼气象新。), else the
        sentence next to it in its paragraph; [] when no sentence holds the line. The line may
        carry words of the question before it (报告里一跃龙门天地开): its longest ending of
        four characters or more that a sentence holds is the line."""
        idx = self.index
        pids = list(top_ids)
        if len(idx.passages) < self.settings.ann_threshold:
            pids += [p.id for p in idx.passages if p.id not in top_ids]
        sents = [
            (i, normalize(idx.sentence_text(idx.sentences[i])))
            for pid in pids
            for i in idx.sentences_of(pid)
        ]
        held = [(h[1], -n, i, t) for n, (i, t) in enumerate(sents) if (h := held_line(line, t))]
        if not held:
            return []
        _, _, i, t = max(held)  # the longest ending held, the first sentence holding it
        if len(CJK.findall(line_beside(line, step, t) or "")) >= 4:
            return [i]
        if step > 0:
            nxt = self._next_in_passage(i, [])
            return [i, nxt] if nxt is not None else []
        prev = i - 1
        return [prev, i] if prev >= 0 and self._next_in_passage(prev, []) == i else []

    def _sign_off(self, i: int) -> bool:
        idx = self.index
        text = idx.sentence_text(idx.sentences[i]).strip()
        return (
            len(text) <= self.settings.lead_max_chars
            and text.endswith(("！", "!"))
            and self._opens_paragraph(i)
            and (
                (nxt := self._next_in_passage(i, [])) is None
                or bool(DATELINE.match(idx.sentence_text(idx.sentences[nxt])))
            )
        )

    def _opens_paragraph(self, i: int) -> bool:
        """Whether sentence i is the first of its paragraph (a long paragraph is cut into
        several passages: only the first passage's first sentence opens it)."""
        idx = self.index
        s = idx.sentences[i]
        if s.start != 0:
            return False
        p = idx.passages[s.passage]
        if p.kind != "article" or p.id == 0:
            return p.kind == "article"
        prev = idx.passages[p.id - 1]
        return (prev.source, prev.title, prev.paragraph) != (p.source, p.title, p.paragraph)

    def _next_in_passage(self, c: int, chosen: list[int]) -> int | None:
        """The sentence after sentence c when it is in the same paragraph (its passage, or the
        next passage cut from the same long paragraph) and not chosen yet."""
        idx = self.index
        nxt = c + 1
        if nxt >= len(idx.sentences):
            return None
        a, b = idx.passages[idx.sentences[c].passage], idx.passages[idx.sentences[nxt].passage]
        same = a.id == b.id or (
            a.kind == b.kind == "article"
            and (a.source, a.title, a.paragraph) == (b.source, b.title, b.paragraph)
        )
        return None if not same or nxt in chosen else nxt

    def _finish_sentences(self, chosen: list[int], max_chars: int) -> None:
        """A how or why is answered by a whole sentence: a chosen clause that ends in a
        semicolon (要推动企业转型升级，…；) is followed by the clauses after it, up to the
        sentence's full stop, as long as the answer stays within `max_chars`."""
        idx = self.index
        total = sum(len(idx.sentence_text(idx.sentences[c])) for c in chosen)
        for c in list(chosen):
            while idx.sentence_text(idx.sentences[c]).rstrip().endswith(("；", ";")):
                nxt = self._next_in_passage(c, chosen)
                if nxt is None:
                    break
                length = len(idx.sentence_text(idx.sentences[nxt]))
                if total + length > max_chars:
                    break
                chosen.append(nxt)
                total += length
                c = nxt

    # -- comparison ---------------------------------------------------------------------
    def _comparison(self, q: Question, mode: str, k: int, sources: set[str] | None = None) -> Part:
        """Both sides' definitions side by side, each cited; a side not found says so."""
        part = Part(q.text, q.asked)
        seen: set[int] = set()
        confs = []
        for side in q.compared[:2]:
            # two people compared (张虹和杜明燕…身份有什么不同): each is who the page says
            # she is, the sentence that titles her
            asked = f"{side}是什么身份" if _is_person(side) else side
            sq = analyse(asked, self.index.term_keys)
            sq = replace(sq, asked="definition")
            r = self.retriever.search(asked, k=k, mode=mode, sources=sources)
            part.hits.extend(r.hits[:3])
            if not r.hits:
                part.segments.append(f"「{side}」：{PART_NOT_FOUND}\n")
                confs.append(0.0)
                continue
            top = r.hits[0]
            if top.passage.kind == "note":
                segs = self._note_segments(top.passage, top.score, sq)
            else:
                segs = [f"「{side}」："] + self._best_sentences(sq, r)
            sub = Part(side, "definition", segments=segs)
            self._decide(sq, r, sub)
            part.units.extend(sub.units)
            confs.append(sub.confidence)
            if not sub.found:
                part.segments.append(f"「{side}」：{PART_NOT_FOUND}\n")
            elif top.passage.id in seen:
                part.segments.append(f"「{side}」：见上条。\n")
            else:
                seen.add(top.passage.id)
                part.segments.extend([*segs, "\n"])
        quoted = normalize("".join(c.text for c in part.citations))
        if (_RELATION_ASKED.search(q.norm) or q.flags.get("aspect")) and (
            len(part.units) < 2
            or not all(u["found"] for u in part.units)
            # compared on an aspect (在入驻企业数量上相比): definitions that never name it
            # do not compare the two on it
            or not all(a in quoted for a in q.flags.get("aspect", []))
        ):
            # 舜帝烧饼跟舜帝有啥关系: a relation is between both things; with one of them
            # not found the page does not say it, whatever it says of the other
            for u in part.units:
                u["features"]["side_missing"] = 1.0
                u["found"] = False
            part.segments = []
            confs = [0.0]
        if part.segments and part.segments[-1] == "\n":
            part.segments.pop()
        part.found = bool(part.citations)
        part.confidence = min(confs) if confs else 0.0
        return part

    # -- summary ------------------------------------------------------------------------
    @cached_property
    def _groups(self) -> dict[str, dict[str, list[int]]]:
        """Scope label -> ordered sub-group label -> passage ids: articles by paragraph, the
        glossary by note (whole or per part), and the page by article."""
        groups: dict[str, dict[str, list[int]]] = {}
        page: dict[str, list[int]] = {}
        for p in self.index.passages:
            if p.kind == "note":
                key = f"{p.part or ''} 工作注释"
                groups.setdefault(key, {}).setdefault(f"note {p.note}", []).append(p.id)
                groups.setdefault("工作注释", {}).setdefault(f"note {p.note}", []).append(p.id)
                page.setdefault("工作注释", []).append(p.id)
            else:
                key = p.title
                groups.setdefault(key, {}).setdefault(f"para {p.paragraph}", []).append(p.id)
                page.setdefault(key, []).append(p.id)
        groups[""] = page
        return groups

    @cached_property
    def _scope_text(self) -> dict[str, str]:
        """Each summary scope's words (titles and text), normalised, to find the scope a
        question names by its content words."""
        out = {}
        for label, groups in self._groups.items():
            if not label:  # the page is the fallback, never found by its words
                continue
            pids = [pid for ids in groups.values() for pid in ids]
            out[label] = normalize(
                label
                + "".join(self.index.passages[i].title + self.index.passages[i].text for i in pids)
            )
        return out

    def summary_scope(self, q: Question, mode: str, sources: set[str] | None) -> tuple[str, float]:
        """The section, article, glossary or page a summary question is about, and how sure
        that reading is: a scope whose title the question names, else the smallest scope
        holding every content noun of the question, else the page when it names nothing.
        A large corpus (Settings.ann_threshold passages or more) is not scanned title by
        title: the scope is the article (or the glossary) the question's search finds."""
        if len(self.index.passages) >= self.settings.ann_threshold:
            return self._scope_by_search(q, mode, sources)
        rest = (
            bigrams(q.topic)
            - QUESTION_BIGRAMS
            - bigrams("总结概括归纳这篇文章报告一下主要内容帮我请全文本页整个")
        )
        scope, best, most = "", 0.0, 0
        for label in self._groups:
            if not label:
                continue
            lb = bigrams(label)
            shared = len(rest & lb)
            ratio = shared / len(lb) if lb else 0.0
            # the scope naming most of the question's words (then the closest fit) wins
            if ratio >= 0.3 and (shared, ratio) > (most, best):
                scope, best, most = label, ratio, shared
        if best >= 0.3:
            return scope, best
        if q.lang == "en":
            return self._english_scope(q, mode, sources)
        tags = pos_tags(q.norm)
        nouns = [
            w
            for j, (w, f) in enumerate(tags)
            if f[:1] in ("n", "j")
            and len(w) >= 2
            and CJK.search(w)
            and not w.endswith(DOC_NOUNS)
            and w not in _SUMMARY_WORDS
            and not _asked_category(tags, j)  # 从哪几个方面: the parts asked for, no topic
        ]
        if not nouns or _WHOLE_PAGE.search(q.norm):  # 总结一下这篇报告, 这一整版: the page
            return "", 0.5
        # a noun no scope holds (新华社 of a dateline, 观点) cannot say which scope is meant
        known = [w for w in nouns if any(w in text for text in self._scope_text.values())]
        holding = [
            label
            for label, text in self._scope_text.items()
            if known and all(w in text for w in known)
        ]
        if holding:
            # the smallest scope that holds them all: an article before the whole glossary
            return min(holding, key=lambda lb: len(self._scope_text[lb])), 0.5
        return "", 0.0

    def _english_scope(self, q: Question, mode: str, sources: set[str] | None) -> tuple[str, float]:
        """An English summary question names its scope in English: the page, the glossary,
        or an article found by meaning."""
        t = q.norm
        if re.search(r"\b(?:glossary|notes?|annotations?|explanatory)\b", t):
            return "工作注释", 0.5
        # an article named is the scope, even "on this page" (the page only holds it)
        if re.search(
            r"\b(?:article|commentary|report|section|story|piece|meeting|editorial|feature)\b", t
        ):
            return self._scope_by_search(q, mode, sources)
        return "", 0.5

    def _scope_by_search(
        self, q: Question, mode: str, sources: set[str] | None
    ) -> tuple[str, float]:
        """The article (or the glossary) holding the question's best-ranked passage."""
        r = self.retriever.search(q.text, k=1, mode=mode, sources=sources)
        if not r.hits:
            return "", 0.0
        top = r.hits[0].passage
        return (top.title if top.kind == "article" else "工作注释") + f"@{top.id}", 0.5

    def scope_groups(self, scope: str) -> dict[str, list[int]]:
        """A summary scope's sections (label -> passage ids). On a large corpus the scope
        carries the passage its search found (title@id): the article's (or the glossary's)
        passages are its neighbours in the same document, read outwards from that passage
        (at most Settings.summary_scope_passages), instead of grouping every passage."""
        label, _, anchor = scope.rpartition("@")
        if not anchor.isdigit():
            return self._groups.get(scope, {})
        idx = self.index
        pid = int(anchor)
        top = idx.passages[pid]

        def same(p: Passage) -> bool:
            if p.source != top.source or p.kind != top.kind:
                return False
            return p.kind == "note" or p.title == top.title

        cap = self.settings.summary_scope_passages
        lo, hi = pid, pid
        while lo > 0 and hi - lo < cap and same(idx.passages[lo - 1]):
            lo -= 1
        while hi + 1 < len(idx.passages) and hi - lo < cap and same(idx.passages[hi + 1]):
            hi += 1
        groups: dict[str, list[int]] = {}
        for p in (idx.passages[i] for i in range(lo, hi + 1)):
            key = f"note {p.note}" if p.kind == "note" else f"para {p.paragraph}"
            groups.setdefault(key, []).append(p.id)
        return groups

    def _numbered_heading(
        self, q: Question, mode: str = DEFAULT_MODE, sources: set[str] | None = None
    ) -> Part | None:
        """报告第三部分的标题是什么: the heading numbered so (三、全面提升政府治理效能), cited where it
        stands; the glossary's parts (二、2025年工作安排) when the question names the glossary;
        not found when no heading is numbered so (the page holds no 第五部分). None when the
        question asks no numbered part's title."""
        m = _NUMBERED_PART.search(q.norm)
        if not m or not _TITLE_ASKED.search(q.norm) or q.lang == "en":
            return None
        if len(self.index.passages) >= self.settings.ann_threshold:
            return None  # not read heading by heading on a large corpus
        n = zh_int(m.group(1))
        glossary = bool(re.search(r"注释|注解|名词解释", q.norm))
        for p in self.index.passages:
            heads = p.headings[1:2] if p.kind == "note" else p.headings[:1]
            if sources is not None and p.source not in sources:
                continue  # only the documents the question is asked of
            if (p.kind == "note") != glossary or not heads:
                continue
            text, span = heads[0]
            lead = re.match(r"([一二三四五六七八九十]{1,3})、", text)
            if lead and zh_int(lead.group(1)) == n:
                part = Part(q.text, q.asked, hits=[Hit(p, 1.0, 1, {})])
                part.segments = [p.cite(0, text, [span], 1.0)]
                part.found, part.confidence = True, 0.9
                return part
        r = self.retriever.search(q.text, k=5, mode=mode, sources=sources)
        return Part(q.text, q.asked, hits=r.hits)

    def _heading(self, p: Passage, page: bool, shown: set[str]) -> Citation | None:
        """What a summary item is about, cited where it stands: on the page, the article's
        title (or the glossary's heading); within the glossary, the part (一、2024年工作回顾)
        a run of notes belongs to, once. None when the passage has no such heading line."""
        heads = p.headings[:1] if page else p.headings[1:2]
        if not heads or heads[0][0] in shown:
            return None
        text, (start, end) = heads[0]
        shown.add(text)
        return p.cite(0, text, [(start, end)], 1.0)

    def _lead(self, pid: int, chosen) -> Citation | None:
        """The heading a section opens with, when it is not the sentence chosen: a kicker
        (凝心聚力,共创未来——) or a run-in head (政治引领铸忠诚。) says what the section is about."""
        idx = self.index
        p = idx.passages[pid]
        if p.kind != "article" or not (first := idx.sentences_of(pid)[:1]):
            return None
        s = idx.sentences[first[0]]
        if s == chosen:
            return None
        if m := _KICKER.match(p.text):
            return self._cite(p, 0, m.end(), 1.0)
        text = idx.sentence_text(s)
        if len(text) <= self.settings.lead_max_chars and text.endswith(("。", "！")):
            return self._cite(p, s.start, s.end, 1.0)
        return None

    def _outline(self, q: Question, mode: str, sources: set[str] | None) -> Part | None:
        """The parts a named section or article is divided into, when it is divided by run-in
        heads (政治引领铸忠诚。 / 要健全机制抓落实。): every head, cited, with their count. None
        when the question names no such section."""
        scope, sure = self.summary_scope(q, mode, sources)
        if not scope or sure < 0.3:
            return None
        idx = self.index
        groups = self.scope_groups(scope)
        found = self._heads(groups, sources)
        if len(found) < 2:
            return None
        heads = [self._cite_sentence(i) for i in found]
        part = Part(q.text, q.asked)
        part.segments = [f"「{_scope_label(scope)}」分{len(heads)}个方面：", *heads]
        part.hits = [Hit(idx.passages[pids[0]], 1.0, 1, {}) for pids in list(groups.values())[:3]]
        part.found = True
        part.confidence = 0.9 if sure >= 0.6 else 0.6
        return part

    def _heads(self, groups: dict[str, list[int]], sources: set[str] | None) -> list[int]:
        """The sentences (ids) that head the parts of a text: each paragraph's run-in head
        (政治引领铸忠诚。), or, in a text set as one paragraph, the parallel short sentences
        told by the words they share (要健全机制抓落实。… 要改进作风抓落实。)."""
        idx = self.index
        limit = self.settings.lead_max_chars
        heads: list[int] = []
        short: dict[str, list[int]] = {}  # heads inside paragraphs, by their last words
        for pids in groups.values():
            for pid in pids:
                p = idx.passages[pid]
                if p.kind != "article" or (sources is not None and p.source not in sources):
                    continue
                for n, i in enumerate(idx.sentences_of(pid)):
                    text = idx.sentence_text(idx.sentences[i])
                    if len(text) > limit or not text.endswith(("。", "！")):
                        continue
                    if n == 0 and pid == pids[0]:
                        heads.append(i)  # a paragraph's run-in head
                    short.setdefault(text.rstrip("。！")[-3:], []).append(i)
        if len(heads) >= 2:
            return heads
        heads = max(short.values(), key=len, default=[])
        return heads if len(heads) >= 2 else []

    def _summary_sentences(self, pids: list[int]) -> tuple[list[int], list[str]]:
        """The sentences of a summary's section that may stand for it, and their texts."""
        idx = self.index
        sents = [
            i
            for pid in pids
            # a glossary note is summed up by its first sentence, the one naming its term
            for i in (
                idx.sentences_of(pid)[:1]
                if idx.passages[pid].kind == "note"
                else idx.sentences_of(pid)
            )
        ]
        # a closing dateline (新华社北京3月3日电) says who sent the story, not what it says
        sents = [i for i in sents if not DATELINE.match(idx.sentence_text(idx.sentences[i]))]
        return sents, [idx.sentence_text(idx.sentences[i]) for i in sents]

    def _summary(self, q: Question, mode: str, k: int, sources: set[str] | None = None) -> Part:
        """One cited sentence per section or article, the most central of its sentence vectors."""
        cfg = self.settings
        part = Part(q.text, q.asked)
        scope, best = self.summary_scope(q, mode, sources)
        # 概述金湘军省长…的讲话: a person no document names has no speech here to summarise
        if best == 0.0 or self.unseen_people(q):
            r = self.retriever.search(q.topic or q.text, k=5, mode=mode, sources=sources)
            part.hits = r.hits
            part.confidence = 0.1
            return part
        groups = self.scope_groups(scope)
        idx = self.index
        if sources is not None:
            groups = {
                g: kept
                for g, pids in groups.items()
                if (kept := [pid for pid in pids if idx.passages[pid].source in sources])
            }
        chunks = list(groups.values())
        if len(chunks) == 1 and len(heads := self._heads(groups, sources)) >= 2:
            # one paragraph divided by parallel heads (要健全机制抓落实。… 要守牢底线抓落实。):
            # each head with the sentence that carries it out, not one sentence for the whole
            for i in heads:
                part.segments.append(self._cite_sentence(i))
                if (nxt := self._next_in_passage(i, heads)) is not None:
                    part.segments.append(self._cite_sentence(nxt))
            label = _scope_label(scope) or "本页 / this page"
            part.segments.insert(0, f"「{label}」要点（{len(heads)}条）：")
            part.hits = [Hit(idx.passages[chunks[0][0]], 1.0, 1, {})]
            part.found = True
            part.confidence = 0.9 if best >= 0.3 else 0.6
            return part
        # an article in sections (履职尽责,聚焦民生—— … 民主民生,交融共鸣——): one item a section
        starts = [
            i
            for i, pids in enumerate(chunks)
            if idx.passages[pids[0]].kind == "article" and _KICKER.match(idx.passages[pids[0]].text)
        ]
        if len(starts) >= 2:
            bounds = sorted({0, *starts, len(chunks)})
            chunks = [sum(chunks[a:b], []) for a, b in zip(bounds[:-1], bounds[1:], strict=True)]
        if len(chunks) > cfg.summary_max_items:
            # more sections than items: consecutive sections share an item, so the summary
            # still runs from the first section to the last instead of stopping midway
            bounds = np.linspace(0, len(chunks), cfg.summary_max_items + 1).round().astype(int)
            chunks = [sum(chunks[a:b], []) for a, b in zip(bounds[:-1], bounds[1:], strict=True)]
        # items to spare: the longest sections get a second, their closing sentence (a
        # paragraph that opens on its topic ends on its point: …建真言、献良策、出实招。)
        sizes = [sum(len(idx.sentences_of(pid)) for pid in pids) for pids in chunks]
        spare = max(0, cfg.summary_max_items - len(chunks))
        longest = {
            i for i in sorted(range(len(chunks)), key=lambda i: -sizes[i])[:spare] if sizes[i] >= 4
        }
        shown_heads: set[str] = set()
        points = 0
        chunk_sents = [self._summary_sentences(pids) for pids in chunks]
        # one article's last paragraph with a point of its own concludes it: its closing
        # sentence (…同心同德、群策群力，把强国建设…推向前进。) is the article's last word
        one_article = (
            idx.passages[chunks[0][0]].kind == "article"
            and len({idx.passages[pids[0]].title for pids in chunks}) == 1
        )
        substantive = [
            ci
            for ci, (sents, texts) in enumerate(chunk_sents)
            # a paragraph of nothing but a short line (预祝大会圆满成功！) signs off or heads
            # the text: no point of its own
            if sents and not all(len(t) <= cfg.lead_max_chars for t in texts)
        ]
        if one_article and len(substantive) >= 3 and spare and substantive[-1] not in longest:
            if len(longest) >= spare:  # within summary_max_items: the shortest gives way
                longest.discard(min(longest, key=lambda i: sizes[i]))
            longest.add(substantive[-1])
        # sections whose sentences end alike (…建设法治政府。 …建设效能政府。 …建设清廉政府。)
        # set their points side by side: each section's such sentence is its point
        shared_end = _shared_ending(
            [chunk_sents[ci][1] for ci in substantive], cfg.summary_parallel_share
        )
        for ci, pids in enumerate(chunks):
            if ci not in substantive:
                continue
            sents, texts = chunk_sents[ci]
            vecs = idx.sentence_vectors[sents]
            centroid = vecs.mean(axis=0)
            central = vecs @ centroid
            # a heading-length sentence says little: prefer sentences of some length
            lengths = np.array([len(t) for t in texts])
            central = central - 0.2 * (lengths < 12)
            # someone else's words quoted (习近平总书记强调，“…惊涛骇浪。我们要…合力”。) are
            # what the text cites, not what it says
            quoted = np.array([_quoted_fragment(t) for t in texts])
            if not quoted.all():
                central = central - 1.0 * quoted
            # a paragraph's first sentence states its topic (要实质性改善营商环境，…)
            central = central + cfg.summary_lead_bonus * np.array(
                [self._opens_paragraph(i) and n >= 12 for i, n in zip(sents, lengths, strict=True)]
            )
            if shared_end:
                central = central + cfg.summary_parallel_bonus * np.array(
                    [_ending(t) == shared_end for t in texts]
                )
            s = idx.sentences[sents[int(np.argmax(central))]]
            p = idx.passages[s.passage]
            first = idx.passages[pids[0]]
            if head := self._heading(first, page=not scope, shown=shown_heads):
                part.segments += ["\n", head, "："]
            elif not scope and first.title not in shown_heads:  # a story without a title line
                shown_heads.add(first.title)
                part.segments += ["\n", f"{first.title}："]
            if lead := self._lead(pids[0], s):
                part.segments.append(lead)
            part.segments.append(self._cite(p, s.start, s.end, float(np.max(central))))
            points += 1
            if ci in longest:
                chosen_at = int(np.argmax(central))
                closing = [
                    j
                    for j in range(len(sents) - 1, chosen_at, -1)
                    if lengths[j] >= 12 and not quoted[j]
                ][:1]
                # sentences opening as the chosen one does (要实质性改善… 要推动企业转型升级…)
                # are points set side by side: the next of them, before the closing one
                opening = _first_word(texts[chosen_at])
                parallel = [
                    j
                    for j in range(len(sents))
                    if j != chosen_at
                    and lengths[j] >= 12
                    and not quoted[j]
                    and _first_word(texts[j]) == opening
                ][:1]
                for j in parallel or closing:
                    e = idx.sentences[sents[j]]
                    ep = idx.passages[e.passage]
                    part.segments.append(self._cite(ep, e.start, e.end, float(central[j])))
                    points += 1
        if not part.hits:
            part.hits = [
                Hit(idx.passages[pids[0]], 1.0, n + 1, {})
                for n, pids in enumerate(list(groups.values())[:3])
            ]
        n = len(groups)
        shown = len(chunks)
        label = _scope_label(scope) or "本页 / this page"
        kinds = [idx.passages[ids[0]].part for ids in groups.values()]
        if (sections := list(dict.fromkeys(x for x in kinds if x))) and len(sections) >= 2:
            # the whole glossary: name the parts of the report its notes belong to
            label += "：" + "；".join(sections)
        count = f"要点（{points}条）：" if shown == n else f"要点（{points}条，概括全部{n}部分）："
        first = idx.passages[next(iter(groups.values()))[0]]
        if first.kind == "article" and first.headings and first.headings[0][0] == label:
            # one article: its title, cited, says what is summed up
            part.segments[:0] = [self._heading(first, page=True, shown=set()), count]
        else:
            part.segments.insert(0, f"「{label}」{count}")
        part.found = bool(part.citations)
        part.confidence = 0.9 if best >= 0.3 else 0.6
        return part


# a question about how a text ends: 报告结尾 / 评论最后一段 / 文章末尾
_ENDING_ASKED = re.compile(
    r"(报告|评论|文章|报道|稿子|新闻|讲话)(?:的)?(?:结尾|末尾|最后一段|最后一句|结束语|收尾|最后)"
)
# what follows an ordinal when the question only asks what the item is (是啥, 呢, 指什么)
_WHAT_ELSE_ASKED = re.compile(
    r"(?:是指|指的是|是|指|讲的是|说的是)?(?:(?:什么|啥|哪个|哪一个)[\u4e00-\u9fff]{0,2})?(?:呢|啊)?[?？。]?"
)
# a question pointing into a list it names: 15件民生实事里第五件 / 5家园区中最后一家
_ORDINAL_ASK = re.compile(
    r"^(.{2,24}?)(?:里面|当中|之中|里|中)?的?第\s*([一二三四五六七八九十]{1,3}|\d{1,2})\s*"
    r"(?:个|项|件|样|种|条|家|位|类|点)"
    r"|^(.{2,24}?)(?:里面|当中|之中|里|中)?的?最后一\s*(?:个|项|件|样|种|条|家|位|类)"
)
# a sentence pointing back at words quoted before it (很多这样的消息, 这番话)
_POINTS_BACK = re.compile(r"(?:这样的|这番|这些|此类)")
# a sentence that is nothing but someone's words in quotation marks (“…方向。”)
_QUOTATION = re.compile(r"“[^“”]*(?:“[^“”]*”[^“”]*)*[。！？!?]?”[。！？!?]?")


def _asked_category(tags, j: int) -> bool:
    """Noun j is the category an interrogative asks for (哪/r 几个/m 方面/n, 什么/r 内容/n)."""
    i = j - 1
    while i >= 0 and tags[i][1] in ("m", "q"):
        i -= 1
    # the tagger calls 哪几个 a phrase (l), 哪 a pronoun (r): the word itself asks
    return i >= 0 and bool(INTERROGATIVE.search(tags[i][0]))


def _quoted_fragment(text: str) -> bool:
    """A sentence that is part of someone's quoted words (“…惊涛骇浪。 / 我们要…合力”。)."""
    t = text.strip()
    opens = t.startswith(("“", '"')) and "”" not in t[1:-2]
    closes = t.rstrip("。！!").endswith("”") and "“" not in t
    # quotations strung together and nothing else (“…去”“…好”……)
    only = t.startswith("“") and not re.sub(r"“[^“”]*”", "", t).strip("。！!？?…,， ")
    return opens or closes or only


def _ending(sentence: str) -> str:
    """A sentence's last two characters before its closing punctuation (…清廉政府。 -> 政府)."""
    core = re.sub(r"[。！？!?；;，,”’\s]+$", "", sentence)
    return core[-2:] if len(core) >= 8 else ""


def _shared_ending(sections: list[list[str]], share: float) -> str:
    """The ending (_ending) that sentences of most sections share, at least three of them and
    `share` of all: points the text sets side by side across its sections; "" if none."""
    counts: dict[str, int] = {}
    for texts in sections:
        for e in {_ending(t) for t in texts} - {""}:
            counts[e] = counts.get(e, 0) + 1
    best = max(counts.items(), key=lambda kv: kv[1], default=("", 0))
    return best[0] if best[1] >= max(3, share * len(sections)) else ""


def _first_word(text: str) -> str:
    """The word a sentence opens with, by the tagger (要/v of 要推动…); empty for none."""
    tags = pos_tags(text[:8])
    return tags[0][0] if tags and tags[0][1] != "x" else ""


def _scope_label(scope: str) -> str:
    """A summary scope as the reader sees it: its title, without the passage a large corpus's
    search found it by (title@id)."""
    label, _, anchor = scope.rpartition("@")
    return (label if anchor.isdigit() and label else scope).strip()


# the page itself named (这一整版, 本页, 全文): what it holds is a summary of the page
_WHOLE_PAGE = re.compile(r"整版|这一?版|本版|全版|版面|本页|这一?页|整页|全文")
# asking what a text says (讲了什么, 解释了哪些内容), as opposed to asking for a fact in it
_ABOUT = re.compile(
    r"(?:讲|说|写|谈|解释|介绍|涉及|提到|包括)(?:了|的)?(?:些|哪些|什么)|哪些内容|什么内容"
)
# asking into how many parts something is divided (分了哪几个方面, 从哪几个方面, 哪五个部分)
_PARTS = re.compile(r"[哪几][几一二三四五六七八九十]?[个大]?(?:方面|部分|板块)")
# a numbered part of a document (第三部分, 第二节) and asking its title
_NUMBERED_PART = re.compile(r"第([一二三四五六七八九十]{1,3}|\d{1,2})(?:部分|节|章|篇|大部分)")
_TITLE_ASKED = re.compile(r"标题|题目|名称|叫什么|叫啥|题为")
# a kicker: a short run-in heading ending in a dash (民主民生,交融共鸣——)
_KICKER = re.compile(r"[^。！？!?“”]{2,16}——")
_SUMMARY_WORDS = "总结 概括 归纳 要点 摘要 梗概 大意".split()

_ORDINAL = re.compile(r"(?:^|[；;。，])\s*([一二三四五六七八九十]{1,3})是")


def count_items(text: str) -> int | None:
    """How many items an enumeration holds: its ordinals (一是…十五是), else the 、-separated
    items of its one enumerating clause; None when it is not one clear enumeration."""
    ords = [zh_int(m.group(1)) for m in _ORDINAL.finditer(text)]
    if len(ords) >= 3 and ords == list(range(1, len(ords) + 1)):
        return len(ords)
    clauses = [c for c in re.split(r"[；;。]", text) if c.count("、") >= 2]
    if len(clauses) == 1:
        c = clauses[0]
        head = max(c.rfind("："), c.rfind("即"), c.rfind("对"), c.rfind("为"))
        body = c[head + 1 :] if head >= 0 and head < c.find("、") else c
        return body.count("、") + 1 + len(re.findall(r"[^、]和[^、]", body.split("、")[-1])[:1])
    return None
