"""Follow-up questions read with the conversation: question + history -> standalone question.

No language model; rules over the question's shape, using the question analysis
(`qa.question`) for terms and subjects and the previous answer for list items:

* a pronoun or demonstrative (它, 其, 该…, 这个…, 这些, 他/她, it, they, this, that)
  is replaced by the previous turn's topic;
* an ellipsis (那三度呢？ / “材”呢？ / And 生? / what about X?) re-asks the previous
  question about the new item;
* an ordinal (第二个是什么 / 第十一件呢 / the last one?) points into the list the previous
  answer quoted, and becomes a question about that item;
* a question with neither its own subject nor a glossary term (是哪一年提出的？) takes the
  previous topic.
A question that names its own subject or term and none of the above is left as it is:
an old topic is never dragged into a new question.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from qa.lang import CJK, QUESTION_WORDS, normalize, pos_tags, zh_int
from qa.question import (
    CLASSIFIERS,
    DOC_NOUNS,
    TYPED,
    analyse,
    answer_holds_kind,
    person_names,
)

_QUOTED = re.compile(r"[“\"‘「『]([^”\"’」』]{1,20})[”\"’」』]")
# a name an English question puts in straight single quotes (not an apostrophe: Yuncheng's)
_QUOTED_EN = re.compile(r"(?<![A-Za-z])'([^']{2,40})'(?![A-Za-z])")
_PRONOUN_ZH = re.compile(
    # 该版 / 此页 / 这一版 is the newspaper page, not the thing asked about before
    r"(?:这些|这个|这项|这位|这次|这一(?![版页])|这种|这类|那类|这条|该(?![版页])|此(?![版页])|那个|那些|上述|上面说的|前面说的)"
    r"(?:[\u4e00-\u9fff]{0,4}?(?=[的是在有能要被以为对和与从说，,？?]|$))?"
    r"|它们|它|他们|她们|他|她|其中|其"
)
# a demonstrative for a group of people, and the nouns that name one
_GROUP_ZH = re.compile(r"(?:这个|这一|这些|这类|该|那个|那些)(?:群体|人群|人)")
_GROUP_EN = re.compile(r"\b(?:that|this|the|these|those) (?:group|people|workers)\b", re.I)
_GROUP_HEAD = re.compile(r"(?:人员|人群|群体|人口|工人|职工|者)$")
_PERSON_EN = re.compile(r"\b(?:he|she|his|her|him)\b", re.I)
_PRONOUN_EN = re.compile(
    r"\b(?:it|its|they|them|their|this|that|these|those|he|she|his|her)\b"
    # "one" standing for a thing named before (Which cities have one in operation?), not a
    # number or a choice (which one, one of them, one city)
    r"|(?<!which )(?<!each )(?<!every )(?<!any )(?<!the )(?<!no )\bone"
    r"(?=\s+(?:in|at|on|for|there|yet|now|already|too)\b|\s*[?？.!,]|\s*$)",
    re.I,
)
_ELLIPSIS_ZH = re.compile(
    r"^(?:那么|那(?![里儿边])|还有|再说说|再问一下)?\s*(.{1,24}?)\s*(?:又)?(?:呢|如何|怎么样)\s*[？?。!！]*$"
)
_WHAT_ELSE = re.compile(
    r"^(?:那|那么)?\s*(?:还有|其他|另外|剩下)(?:的|几个|一个)?\s*(?:呢|吗|是什么|是啥)?\s*[？?。!！]*$"
)
# the numbered parts of a whole: 一城 / 两区 / 三门户 of 一城两区三门户, 四精 / 四账 of 四精四账
_NUMBERED_PARTS = re.compile(r"[一二两三四五六七八九十][^一二两三四五六七八九十]+")
# "And X?" re-asks the last question of X; "And what do they cover?" is a question of its own
_ELLIPSIS_EN = re.compile(
    r"^(?:(?:and\s+)?(?:what|how)\s+about|and)\s+"
    r"(?!(?:what|who|whom|whose|where|when|why|how|which|is|are|was|were|do|does|did|can|"
    r"could|will|would|should|has|have|had)\b)(.{1,40}?)\s*[?？.]*$",
    re.I,
)
# an English question pointing at a place named before: there / that city / that county
_LOCATIVE_EN = re.compile(
    r"\b(?:there|that (?:city|county|place|area|region|town|district|province))\b", re.I
)
_ORDINAL_ZH = re.compile(
    r"第\s*([一二三四五六七八九十]{1,3}|\d{1,2})\s*(?:个|项|件|样|道|种|条|家|位|点|类|部分)?|最后一(?:个|项|件|样|道|种|条)"
)
_EN_ORD = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "last": -1,
}
_ORDINAL_EN = re.compile(r"\bthe (" + "|".join(_EN_ORD) + r")\b(?: one| item| dish| rate)?", re.I)


@dataclass(frozen=True)
class Reading:
    """How a question was read: the standalone form, and which rule (if any) rewrote it."""

    question: str
    standalone: str
    rule: str | None = None  # "pronoun" | "ellipsis" | "ordinal" | "subject" | None

    @property
    def rewritten(self) -> bool:
        return self.rule is not None


class Rewriter(Protocol):
    def read(self, question: str, history: list[str]) -> Reading: ...


def list_items(text: str, near: str | None = None) -> list[str]:
    """The items of the enumeration in an answer: 一是…二是…, else the 、-separated items of
    the clause that holds `near` (the thing the question asked about) or has the most items."""
    parts = re.split(r"[一二三四五六七八九十]{1,3}是", text)
    if len(parts) >= 4:
        return [p.strip("；;。，, ") for p in parts[1:] if p.strip("；;。，, ")]
    # heads quoted one after another (政治引领铸忠诚。法治护航促公正。…): each is an item
    heads = [s.strip() for s in re.split(r"[。！]", text) if s.strip()]
    if len(heads) >= 3 and max(map(len, heads)) <= 16:
        return heads
    clauses = [c for c in re.split(r"[；;。\n]", text) if "、" in c]
    if not clauses:
        return []
    if near:
        with_near = [c for c in clauses if near in c]
        clauses = with_near or clauses
    clause = max(clauses, key=lambda c: c.count("、"))
    body = re.split(r"[：:]|即|为|是|指|对|包括", clause, maxsplit=1)
    body_text = body[-1] if len(body) > 1 and "、" in body[-1] else clause
    items = [i for i in re.split(r"、|和(?=[^、]*$)|及(?=[^、]*$)", body_text) if i.strip()]
    return [i.strip("“”\"' ，,") for i in items]


def _named_in(question: str, answer: str) -> str | None:
    """The longest run of the question's words that an enumerating clause of the answer holds
    (三门户是哪三个 -> 三门户 in “三门户”即…、…、…; 3个续建项目是哪几个 -> 3个续建项目): the
    list an ordinal follow-up points into, when the answer quotes several."""
    clauses = [normalize(c) for c in re.split(r"[；;。\n]", answer) if "、" in c]
    words = [w for w, f in pos_tags(normalize(question)) if f != "x"]
    best = None
    for i in range(len(words)):
        for j in range(i + 1, min(i + 5, len(words)) + 1):
            run = "".join(words[i:j])
            if len(run) < 2 or not CJK.search(run) or _ASKS_IN.search(run):
                continue
            if (best is None or len(run) > len(best)) and any(run in c for c in clauses):
                best = run
    return best


_ASKS_IN = re.compile(r"哪|什么|几|多少|谁|是")
# what the item is: 是什么 / 是啥来着 / 呢 / 指什么
_WHAT_IS = re.compile(
    r"\s*(?:是指|指的是|是|指|又是|讲的是|说的是)?\s*(?:什么|啥)?\s*(?:来着|呢|意思)?\s*[？?。]?\s*"
)


# what a list question asks the items of: the words before its verb of having and the
# interrogative (全面提升政府治理效能 of 全面提升政府治理效能有哪几个方面)
_LIST_SUBJECT = re.compile(
    r"^(?:请问)?([\u4e00-\u9fff\d“”\"]{2,20}?)(?:都|一共|共|主要|具体|分别)?"
    r"(?:有|是|包括|包含|分为|分成|涵盖)(?:哪|什么|啥)"
)


def _list_subject(question: str) -> str | None:
    m = _LIST_SUBJECT.match(question.strip())
    return m.group(1) if m else None


class RuleRewriter:
    """Rules over question shape; `answer` gives the previous turn's quoted answer text."""

    def __init__(self, glossary_keys: tuple[str, ...], answer: Callable[[str], str]) -> None:
        self.keys = glossary_keys
        self.answer = answer

    # -- what a question is about ------------------------------------------------------
    def topic(self, question: str) -> str:
        q = analyse(question, self.keys)
        quoted = _QUOTED.findall(question)
        if q.terms:
            # the term as the user wrote it, when it is visible in the question
            return quoted[0] if quoted and normalize(quoted[0]) in q.terms else q.terms[0]
        names = person_names(pos_tags(question))
        if names:
            return names[0]
        if quoted:
            return quoted[0]
        subj = self._subject(question)
        return subj

    def _en_person(self, question: str) -> str:
        """The name an English question gives a person (Who is Yuan Yuyu? -> Yuan Yuyu): what
        a later he / his / her points at."""
        if CJK.search(question):
            return ""
        caps = re.findall(r"(?<=\s)[A-Z][a-z]+(?: [A-Z][a-z]+)*", " " + question[1:])
        return max(caps, key=len) if caps else ""

    def _subject(self, question: str) -> str:
        # the source a question cites first (新华社那篇评论说…, 报告里提到…) is where it
        # read it, not what it asks about: the subject follows the verb of saying
        if m := _CITED_SOURCE.match(question):
            question = question[m.end() :] or question
        nouns = [
            w
            for w, f in pos_tags(question)
            if f[:1] in ("n", "j")
            and len(w) >= 2
            and CJK.search(w)
            and w not in QUESTION_WORDS
            and w not in DOC_NOUNS
        ]
        return nouns[0] if nouns else ""

    def _own_subject(self, question: str) -> bool:
        q = analyse(question, self.keys)
        if q.terms:
            return True
        if person_names(pos_tags(question)) or _QUOTED.search(question):
            return True
        tags = [w for w, f in pos_tags(question) if f != "x"]
        if tags and tags[0] in _COPULAS and len(tags) > 1:
            # it starts with a copula or modal (是国家层面的还是省里的？): the subject was left
            # out, whatever nouns its predicate holds
            return False
        if re.search(r"[A-Za-z]{3,}", question) and not CJK.search(question):
            # an English question names its subject in words we cannot tag: a capitalised
            # word, a term in quotes, or three words that are not function words
            if re.search(r"\b[A-Z][a-z]+", question[1:]) or re.search(
                r"['\"‘“][^'\"’”]+['\"’”]", question
            ):
                return True
            words = [
                w
                for w in re.findall(r"[a-z][a-z-]{2,}", question.lower())
                if w not in _EN_FUNCTION and w not in _EN_ORD and w not in _EN_NUMBERS
            ]
            return len(words) >= 3  # "Which five bases exactly?" still leans on the last turn
        nouns = [
            w
            for w, f in pos_tags(question)
            if f[:1] in ("n",) and len(w) >= 2 and w not in QUESTION_WORDS
        ]
        return len(nouns) >= 2

    # -- the reading ------------------------------------------------------------------
    def read(self, question: str, history: list[str]) -> Reading:
        history = [h for h in history if h and h.strip()]
        if not history:
            return Reading(question, question)
        readings = self._readings(history)
        prev = readings[-1]
        q = question.strip()
        # ordinal into the list of the latest answer that quoted one long enough
        m = _ORDINAL_ZH.search(q) or _ORDINAL_EN.search(q)
        if m and not analyse(q, self.keys).terms:
            n = self._ordinal(m)
            for asked, earlier in reversed(list(zip(history, readings, strict=True))[-3:]):
                if _ORDINAL_ZH.search(asked) or _ORDINAL_EN.search(asked):
                    continue  # an item picked before is not a list: 第五件 … 最后一件呢
                said = self.answer(earlier)
                near = (_QUOTED.findall(earlier) or [None])[-1] or _named_in(earlier, said)
                items = list_items(said, near)
                if len(items) >= 2 and -len(items) <= n <= len(items) and n != 0:
                    item = items[n - 1] if n > 0 else items[-1]
                    # 第二个是在哪个县: the item takes the ordinal's place in what is asked;
                    # 第三个是啥 / 第五件呢 asks what the item is
                    # (unless the item itself says it: 免费送戏下乡1万场 for 第十四件有多少场)
                    rest = q[m.end() :] if _ORDINAL_ZH.search(q) else ""
                    # 第二个园区…: the noun after the ordinal only names the item's kind
                    cut = next((n for n in (4, 3, 2) if item.endswith(rest[:n])), 0)
                    if cut and re.fullmatch(r"[\u4e00-\u9fff]+", rest[:cut]):
                        rest = rest[cut:]
                    sq = analyse(q, self.keys)
                    if (
                        rest
                        and _ASKS_IN.search(rest)
                        and not _WHAT_IS.fullmatch(rest)
                        and not (sq.asked in TYPED and answer_holds_kind(sq, item))
                    ):
                        return Reading(question, f"{item}{rest.lstrip('是')}", "ordinal")
                    whole = _list_subject(earlier) or self.topic(earlier)
                    return Reading(question, f"{whole}中的“{item}”是什么？", "ordinal")
            # 15件民生实事里第五件呢 … 最后一件是啥: another place in the list asked before
            # the place asked last (报告第三部分第一个方面: 第一个, not 第三部分)
            em = ([None] + list(_ORDINAL_ZH.finditer(prev)))[-1]
            if _ORDINAL_ZH.search(q) and em and em.start() >= 2:
                if not q[m.end() :].strip("呢？?。，, "):
                    # 第四个呢: only the place changes (…第一个方面是啥 -> …第四个方面是啥)
                    return Reading(
                        question, prev[: em.start()] + m.group(0) + prev[em.end() :], "ordinal"
                    )
                return Reading(question, prev[: em.start()] + q[m.start() :], "ordinal")
        # 还有呢 after asking parts of a numbered whole one by one (“一城两区三门户”里的一城是
        # 什么？那两区呢？): the next part not asked yet
        if _WHAT_ELSE.match(q) and (nxt := self._next_part(prev, readings)):
            return Reading(question, self._swap(prev, nxt), "ellipsis")
        # ellipsis: 那三度呢 / “材”呢 / And 生?
        m = _ELLIPSIS_ZH.match(q) or _ELLIPSIS_EN.match(q)
        # 那里条件怎么样 is no new item: 那里 points at a place (below); nor is a phrase with a
        # verb of its own asked how it is (尼玛琼拉看到的安置点条件如何: what it is like)
        if m and re.search(r"(?:如何|怎么样)\s*[？?。!！]*$", q) and _describes(m.group(1)):
            m = None
        if m and len(m.group(1)) <= 24 and not _LOCATIVE.match(m.group(1)):
            item = m.group(1).strip("“”\"'‘’「」 ")
            # an English item does not fit into a Chinese question: it is read as asked
            foreign = not CJK.search(item) and bool(CJK.search(prev))
            if (
                not CJK.search(q)
                and (pm := _PERSON_EN.search(item))
                and (t := self.topic(prev) or self._en_person(prev))
            ):
                # what about his background: the background of the person asked about before
                own = f"{t}'s" if pm.group(0).lower() in ("its", "their", "his", "her") else t
                return Reading(
                    question, f"What about {item[: pm.start()]}{own}{item[pm.end() :]}?", "ellipsis"
                )
            if item and not foreign and not _ASKS.search(item):
                # a count belongs to the old item (新三样 … 哪三样): ask the new one's openly
                swapped = re.sub(
                    r"哪[两二三四五六七八九十\d]{1,2}(?:个|项|件|种|类|条|家|大|样|对|方面|点|位)",
                    "哪些",
                    self._swap(prev, item),
                )
                if (unit := analyse(prev, self.keys).unit) and unit != "个":
                    # so does its unit (送戏多少场 … 加装电梯呢？ asks 多少, not 多少场)
                    swapped = re.sub(rf"(多少|几){re.escape(unit)}", r"\1", swapped)
                return Reading(question, swapped, "ellipsis")
        # 那里 / 当地 points at a place: the last one the previous answer (or question) named
        if (lm := _LOCATIVE.search(q)) and (place := self._last_place(prev)):
            return Reading(question, q[: lm.start()] + place + q[lm.end() :], "pronoun")
        if (
            not CJK.search(q)
            and (lm := _LOCATIVE_EN.search(q))
            and (place := self._last_place(prev))
        ):
            return Reading(question, q[: lm.start()] + place + q[lm.end() :], "pronoun")
        # 这个群体 / that group: the group of people the previous answer named (汪勇最关心
        # 灵活就业人员的社会保障 … 这个群体有多少人), not the person it was about
        if (gm := _GROUP_ZH.search(q) or _GROUP_EN.search(q)) and (group := self._group(prev)):
            return Reading(question, q[: gm.start()] + group + q[gm.end() :], "pronoun")
        # 这些 after a count (配置多少台自动体外除颤器 … 这些会放在哪): the things counted
        if (dm := re.search(r"这些|那些", q)) and (counted := _counted_noun(prev)):
            return Reading(question, q[: dm.start()] + counted + q[dm.end() :], "pronoun")
        # pronoun or demonstrative
        topic = self.topic(prev)
        if not topic and not CJK.search(q + prev) and (m := _QUOTED_EN.search(prev)):
            topic = m.group(1)  # What is the 'Jinchuang Valley'? … have one -> Jinchuang Valley
        if topic:
            if CJK.search(q) and (pm := self._pronoun(q)) and not self._names_other(q, topic):
                word = pm.group(0)
                after = pos_tags(q[pm.end() : pm.end() + 4])
                # 其 before a noun is possessive (其核心 -> X的核心); before a verb, the subject
                possessive = word == "其" and bool(after) and after[0][1].startswith("n")
                repl = topic + ("的" if possessive else "")
                if word == "其中":
                    repl = topic + "中"
                if named := self._named_in_answer(prev, word):
                    repl = named  # 这个工作法 -> “四精四账”工作法, as the answer called it
                return Reading(question, q[: pm.start()] + repl + q[pm.end() :], "pronoun")
            if not CJK.search(q) and (pm := _PRONOUN_EN.search(q)):
                word = pm.group(0).lower()
                if _PERSON_EN.fullmatch(word) and (who := self._en_person(prev)):
                    topic = who  # Who is Yuan Yuyu? … What did he do: Yuan Yuyu
                repl = f"{topic}'s" if word in ("its", "their", "his", "her") else topic
                return Reading(question, q[: pm.start()] + repl + q[pm.end() :], "pronoun")
            if not self._own_subject(q):
                return Reading(
                    question, f"{topic}{q}" if CJK.search(q) else f"{q} ({topic})", "subject"
                )
        elif not CJK.search(q) and (pm := _PERSON_EN.search(q)) and (who := self._en_person(prev)):
            # Who is Yuan Yuyu? … What did he do: the person the English question named
            word = pm.group(0).lower()
            repl = f"{who}'s" if word in ("his", "her") else who
            return Reading(question, q[: pm.start()] + repl + q[pm.end() :], "pronoun")
        return Reading(question, question)

    def _pronoun(self, q: str) -> re.Match | None:
        """The pronoun or demonstrative that stands for the earlier topic. A demonstrative
        before a verb (这次出发前) points at a time, not at the topic: a pronoun elsewhere in
        the question (…其专程去了哪里) is the one to replace."""
        matches = list(_PRONOUN_ZH.finditer(q))
        for m in matches:
            after = pos_tags(q[m.end() : m.end() + 4])
            if m.group(0) in _DEMONSTRATIVES and after and after[0][1].startswith("v"):
                continue
            if m.group(0).startswith(_DEMONSTRATIVES) and len(m.group(0)) > 2:
                body = pos_tags(m.group(0)[2:])
                if body and body[0][1].startswith("v") and len(matches) > 1:
                    continue
                if body and body[0][1][:1] not in ("n", "j") and body[0][1] != "vn":
                    # 那个具体建在…: the demonstrative alone stands for the topic; what follows
                    # it (具体/a 建/v) is the question's own
                    return re.compile("|".join(_DEMONSTRATIVES)).match(q, m.start()) or m
            return m
        return matches[0] if matches else None

    def _named_in_answer(self, prev: str, phrase: str) -> str | None:
        """What the previous answer called the thing a demonstrative phrase points at: a term
        in quotation marks right before the phrase's noun (这个工作法 -> “四精四账”工作法)."""
        m = re.match(r"(?:这个|这项|这一|这种|这条|该|此|那个|上述)([\u4e00-\u9fff]{1,4})$", phrase)
        if not m:
            return None
        body, answer = m.group(1), self.answer(prev)
        for k in range(len(body), 1, -1):  # the longest head of the phrase the answer has
            found = re.search(r"[“\"]([^”\"]{1,12})[”\"]" + re.escape(body[:k]), answer)
            if found:
                return f"“{found.group(1)}”{body}"
        return None

    def _group(self, prev: str) -> str | None:
        """The last group of people (灵活就业人员, 高龄人群) the previous answer names: a noun
        for people with the words that qualify it, back to the verb or the particle before."""
        tags = pos_tags(_QUOTED.sub("，", self.answer(prev)))
        found = None
        for i, (w, f) in enumerate(tags):
            if f[:1] != "n" or not _GROUP_HEAD.search(w):
                continue
            j = i
            # 灵活/a 就业/v 人员/n: two words at most qualify it (not 关心 before them)
            while (
                j > max(0, i - 2)
                and tags[j - 1][1][:1] in ("n", "a", "v")
                and not tags[j - 1][1].startswith("nr")
            ):
                j -= 1
            phrase = "".join(x for x, _ in tags[j : i + 1])
            if len(phrase) >= 3:
                found = phrase
        return found

    def _last_place(self, prev: str) -> str | None:
        """The last place (jieba ns, two characters or more) the previous answer names, else
        the previous question."""
        for text in (self.answer(prev), prev):
            places = [w for w, f in pos_tags(_QUOTED.sub("，", text)) if f == "ns" and len(w) >= 2]
            if places:
                return places[-1]
        return None

    def _readings(self, history: list[str]) -> list[str]:
        """The standalone form of every earlier turn, oldest first."""
        out: list[str] = []
        for i, h in enumerate(history):
            out.append(self.read(h, history[:i]).standalone if i else h)
        return out

    def _names_other(self, q: str, topic: str) -> bool:
        """The question names its own glossary term (a new topic) besides the pronoun."""
        terms = analyse(q, self.keys).terms
        return bool(terms) and normalize(topic) not in terms

    def _ordinal(self, m: re.Match) -> int:
        text = m.group(0)
        if text.startswith("最后") or text.lower().startswith("the last"):
            return -1
        if m.re is _ORDINAL_EN:
            return _EN_ORD[m.group(1).lower()]
        return zh_int(m.group(1))

    def _next_part(self, prev: str, readings: list[str]) -> str | None:
        """The first part of the numbered whole the previous question quotes (一城 / 两区 /
        三门户 of “一城两区三门户”) that no question so far has asked about."""
        quoted = _QUOTED.findall(prev)
        if not quoted:
            return None
        parts = _NUMBERED_PARTS.findall(quoted[-1])
        if len(parts) < 2 or "".join(parts) != quoted[-1]:
            return None
        asked = "".join(r.replace(quoted[-1], "") for r in readings)
        return next((p for p in parts if p not in asked), None)

    def _swap(self, prev: str, item: str) -> str:
        """The previous question about `item` instead: its last quoted phrase, else its topic,
        replaced; else the item with the previous question's interrogative part. An item that
        is a part of the quoted whole (两区 of “一城两区三门户”) takes the place of the part
        asked before, not of the whole."""
        topic = self.topic(prev)
        if topic and item in topic and item != topic:
            # 合 of 合汽生材 asked before, 生 now: 生 takes 合's place, the whole stays
            rest = prev.replace(topic, "\0")
            for m in re.finditer(r"[\u4e00-\u9fff]+", rest):
                if m.group(0) in topic:
                    return (rest[: m.start()] + item + rest[m.end() :]).replace("\0", topic)
        if not CJK.search(prev + item) and (en_quoted := list(_QUOTED_EN.finditer(prev))):
            # What are the 'four good rural roads'? … And the 'double high plan'?
            last = en_quoted[-1]
            bare = re.sub(r"^(?:the|a|an)\s+", "", item, flags=re.I).strip("'\"‘’“” ")
            return prev[: last.start(1)] + bare + prev[last.end(1) :]
        quoted = [
            x for x in _QUOTED.finditer(prev) if not (item in x.group(1) and item != x.group(1))
        ]
        if quoted:
            last = quoted[-1]
            return prev[: last.start(1)] + item + prev[last.end(1) :]
        if _proper(item := re.sub(r"的$", "", item)):
            # 万荣呢 after "…临猗县的是什么园区": a name takes the place of the name asked about
            # not the kind asked for (哪个外国城市): what the question names
            tags = pos_tags(prev)
            names = [
                w
                for i, (w, f) in enumerate(tags)
                if _proper(w, f)
                and not any("哪" in x or x in ("什么", "啥") for x, _ in tags[max(0, i - 2) : i])
            ]
            if names:
                i = prev.rfind(names[-1])
                return prev[:i] + item + prev[i + len(names[-1]) :]
        clauses = re.split(r"[，,]", prev)
        if len(clauses) >= 2 and _ASKS.search(clauses[-1]):
            # "15件民生实事里，免费送戏下乡要送多少场？": the item takes the place of what the
            # asking clause is about, the words before its copula or modal
            last, pos = clauses[-1], 0
            for w, _ in pos_tags(last):
                if w in _COPULAS and pos >= 2:
                    head = prev[: len(prev) - len(last)]
                    return head + item + last[pos:]
                pos += len(w)
        if m := re.match(r"^(.+?(?:里|中|当中|之中)的?)(.+)$", prev):
            # "四菜一汤一饼里的汤是什么？", "15件民生实事里住宅加装电梯要装多少部？": the item
            # takes the place of what is asked about inside the whole, before its copula
            head, last, pos = m.group(1), m.group(2), 0
            for w, _ in pos_tags(last):
                if (w in _COPULAS or _ASKS.match(w)) and pos >= 1:
                    return head + item + last[pos:]
                pos += len(w)
        topic = self.topic(prev)
        if topic and topic in prev:
            return prev.replace(topic, item, 1)
        m = _ASKS.search(prev)
        return item + (prev[m.start() :] if m else "是什么？")


# English function words: what is left of a question without them names its subject
_EN_FUNCTION = frozenset(
    "what which who whom whose when where why how many much does did do is are was were "
    "the and about there then that this these those they them their its it can could "
    "would will should has have had for from with into onto also still exactly mean means "
    "say says said".split()
)
_CITED_SOURCE = re.compile(
    r"^.{0,16}?(?:评论|文章|报道|报告|讲话|新闻|会议)(?:里|中|上)?(?:说|提到|指出|强调|提出|认为|称)"
)


def _describes(phrase: str) -> bool:
    """A noun phrase with a verb in it (尼玛琼拉看到的安置点条件, 安置点条件): a thing of its own
    asked about, not a bare item to put in the last question's place (三率)."""
    return any(f[:1] == "v" for _, f in pos_tags(phrase))


_LOCATIVE = re.compile(r"那里|那儿|那边|当地|该地")
_EN_NUMBERS = frozenset("one two three four five six seven eight nine ten".split())
_DEMONSTRATIVES = ("这次", "这一", "这个", "这些", "这项", "这位", "这种", "这条", "那个", "那些")
# closed class: the copulas and modals a Chinese clause puts right after its subject
_COPULAS = frozenset(
    "是 有 在 能 会 要 可以 属于 算 也是 都是 又是 还是 是不是 有没有 能否".split()
)


def _counted_noun(question: str) -> str | None:
    """What a how-many question counts, the words right after 多少 / 几 and a measure word up
    to a particle or a stop (配置多少台自动体外除颤器 -> 自动体外除颤器); None when nothing
    follows (指标是多少). Not by tags: the tagger splits such names (自动/体外/除颤/器)."""
    m = re.search(
        rf"(?:多少|几)[{''.join(sorted(CLASSIFIERS | set('人万亿')))}]?"
        r"([\u4e00-\u9fff]{2,12}?)(?:的|了|吗|呢|啊|[?？，,。！!]|$)",
        question,
    )
    # what is counted is a thing: the run ends on a noun (多少人参加了 counts no 参加)
    tags = pos_tags(m.group(1)) if m else ()
    return m.group(1) if tags and tags[-1][1][:1] in ("n", "j") else None


def _proper(word: str, tag: str | None = None) -> bool:
    """A proper name (person, place, organisation) by its jieba tag."""
    tags = pos_tags(word) if tag is None else ((word, tag),)
    return len(word) >= 2 and any(f in ("nr", "ns", "nt", "nz", "nrt", "nrfg") for _, f in tags)


_ASKS = re.compile(r"是什么|指什么|是哪|有哪些|是谁|多少|什么|哪|谁|怎么|如何|为什么|\?|？")
