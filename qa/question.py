"""Question analysis: what a question asks for, before anything is retrieved.

A pure function from the question (and the glossary's terms) to a small
dataclass: its language, the terms it names, the kind of answer it asks for and,
when it asks several things at once, its parts. The kind is read from the
interrogative word and the noun it governs (哪家 + 公司 -> organisation), with
jieba's part-of-speech tags deciding the ambiguous cases (谁 after a person's
name asks who that person is, not for another person). The same tags are used
afterwards by `answer_holds_kind` to check that an answer holds a value of the
kind asked for: a person's name (nr), a place (ns), an organisation (nt), a date,
a number with the asked unit.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from qa.lang import CJK, HAN_RUN, QUESTION_WORDS, normalize, pos_tags, zh_int

KINDS = (
    "definition",
    "person",
    "organisation",
    "place",
    "time",
    "number",
    "reason",
    "method",
    "list",
    "comparison",
    "summary",
    "yesno",
    "fact",
)
# Kinds whose answer must hold a value of that kind (checked by `answer_holds_kind`).
TYPED = ("person", "organisation", "place", "time", "number")


@dataclass(frozen=True)
class Question:
    text: str  # as asked (cleaned)
    norm: str  # normalised: NFKC, simplified script, lower case, no quotes
    lang: str  # "zh", "en" or "mixed"
    asked: str  # one of KINDS
    terms: tuple[str, ...] = ()  # glossary terms or aliases named, longest first
    parts: tuple[str, ...] = ()  # sub-questions when it asks several things; () otherwise
    compared: tuple[str, ...] = ()  # the two things a comparison sets side by side
    unit: str | None = None  # the unit a number question asks in (亿元, 万亩, 部 …)
    topic: str = ""  # the question without its interrogative words: what it is about
    flags: dict = field(default_factory=dict)


# -- interrogatives ---------------------------------------------------------------
# Each kind is recognised by its interrogative (Chinese) or wh-phrase (English). The
# noun an interrogative governs decides between kinds (哪家公司 / 哪个城市 / 哪一年),
# so the heads are grouped by what they denote rather than listed per question.
_HEADS = {
    "organisation": "公司 企业 单位 部门 科室 处室 机构 组织 集团 大学 学校 医院 银行 协会 机关 厂",
    "place": "地方 城市 省 市 县 区 国家 地区 地点 位置 乡镇 村 地 处 场合 场所",
    "time": "时候 年 年份 月 天 日 时间 时间段 时段 期限 年限 季度 阶段 时期",
    "person": "人 位 个人 领导 代表 委员 负责人 专家",
}
_HEADS["person"] += " 长 主任 书记 经理 董事长 委员长"
_HEADS["organisation"] += " 企业集团 快递集团"
HEAD_KIND = {h: k for k, hs in _HEADS.items() for h in hs.split()}
INTERROGATIVE = re.compile(r"哪|什么|何|啥")


def head_kind(q: str) -> str | None:
    """The kind of the noun an interrogative governs, read from jieba's tags:
    哪家/r 企业/n -> organisation, 哪个/r 城市/ns -> place, 哪一年/r -> time, 哪位/r -> person."""
    tags = pos_tags(q)
    for i, (w, f) in enumerate(tags):
        if f != "r" or not INTERROGATIVE.search(w):
            continue
        tail = INTERROGATIVE.split(w)[-1].lstrip("一几些个家所座种")
        if tail in HEAD_KIND:
            return HEAD_KIND[tail]
        if w.endswith("位"):
            return "person"
        for nxt, nf in _governed(tags, i):
            for h in sorted(HEAD_KIND, key=len, reverse=True):
                if nxt == h or (
                    len(h) >= 1
                    and nxt.endswith(h)
                    and len(nxt) <= len(h) + 2
                    and nf.startswith("n")
                ):
                    kind = HEAD_KIND[h]
                    # 什么组织 asks what kind of organisation (a description); 哪个组织 asks which
                    return None if kind == "organisation" and "哪" not in w else kind
            break
        if w.endswith("家") and "哪" in w:
            # 哪家 counts organisations (家 is their measure word) whatever noun follows
            return "organisation"
    return None


def _governed(tags, i: int) -> list[tuple[str, str]]:
    """The noun an interrogative at tags[i] governs, past numerals, measure words and
    modifiers (哪家/r 具体/a 的/uj 平台/n -> 平台); [] when none follows within four words."""
    for k, (nxt, nf) in enumerate(tags[i + 1 : i + 5]):
        if nf in ("m", "q", "x", "a", "ad", "u", "uj", "d", "b") or nxt in ("一", "些", "所"):
            continue
        # what a measure word (哪个, 哪家) counts is a noun, whatever the tagger calls a
        # category word there (哪个/r 位置/v)
        counted = k == 0 and re.search(r"[个家位种所座条项类样些]$", tags[i][0])
        if nf[:1] not in ("n", "j", "s", "z") and nf != "vn" and not (counted and nxt in HEAD_KIND):
            return []
        # a compound's head is its last noun: 市政/n 基础设施/n -> 基础设施
        j = tags.index((nxt, nf), i + 1)
        while j + 1 < len(tags) and tags[j + 1][1][:1] == "n" and tags[j + 1][1] != "nr":
            j += 1
        return [tags[j]]
    return []


# person categories that name no office an answer would state (哪位领导, 哪位负责人)
_ANY_PERSON = {"人", "个人", "人士", "人物", "同志", "领导", "负责人", "人员"}


def said_as_word(word: str, text: str, head: bool = False) -> bool:
    """Whether `word` occurs in `text` as jieba's words or inside one, not across two (市长 in
    上海市/长宁区 is no mayor). With `head`, it may also end a longer word's run (人大代表 in
    全国人大/代表): the head of a compound names what it is."""
    ends = [0]  # where each jieba word of the text ends
    for w, _ in pos_tags(text):
        ends.append(ends[-1] + len(w))
    for m in re.finditer(re.escape(word), text):
        a, b = m.start(), m.end()
        inside = any(x <= a and b <= y for x, y in zip(ends, ends[1:], strict=False))
        if inside or (b in ends and (head or a in ends)):
            return True
    return False


def asked_role(norm: str) -> str | None:
    """The office a who-question names (哪位市长 -> 市长, 哪位全国人大代表 -> 人大代表, 市长叫
    什么名字 -> 市长): the person quoted must hold it, so a sentence naming someone else does
    not answer."""
    if (office := _office_named(norm)) and office not in _ANY_PERSON:
        return office
    tags = pos_tags(norm)
    for i, (w, f) in enumerate(tags):
        if f == "r" and re.fullmatch(r"哪(?:一)?[位名个]", w):
            for noun, _ in _governed(tags, i):
                if len(noun) >= 2 and noun not in _ANY_PERSON and HEAD_KIND.get(noun) != "place":
                    return noun
            return None
    return None


def governed_noun(norm: str) -> str | None:
    """The noun a which-question (哪 + measure word) asks for, when it says more than the
    kind: 哪个园区 -> 园区, 哪家平台 -> 平台; None for a bare category (哪家公司, 哪个城市),
    which the kind check covers."""
    tags = pos_tags(norm)
    for i, (w, f) in enumerate(tags):
        if f != "r" or "哪" not in w or re.search(r"哪(?:里|儿)", w):
            continue
        tail = w.split("哪")[-1].lstrip("一几些个家所座种条项")
        noun = tail if len(tail) >= 2 else next((n for n, _ in _governed(tags, i)), "")
        if len(noun) >= 2 and noun not in HEAD_KIND:
            return noun
        return None
    return None


# administrative divisions, written as the last character of their names (临猗县, 山西省)
_DIVISIONS = "省市县区镇乡村"


def _describes_person(tags: list[tuple[str, str]] | tuple[tuple[str, str], ...], i: int) -> bool:
    """The word at i stands right before a noun for a person (海归/ns 创业者/n, 广州/ns 人/n)."""
    nxt = tags[i + 1] if i + 1 < len(tags) else ("", "")
    return nxt[1][:1] == "n" and bool(re.search(r"[者人员家手]$", nxt[0]))


def asked_head(norm: str) -> str | None:
    """The noun right after a which-interrogative, category or not (哪个部门 -> 部门,
    哪个县 -> 县, 哪家/r 企业/n -> 企业)."""
    tags = pos_tags(norm)
    for i, (w, f) in enumerate(tags):
        if f != "r" or "哪" not in w:
            continue
        tail = w.split("哪")[-1].lstrip("一几些个家所座种条项位")
        if not tail:  # 哪个/r 意大利/ns 城市/n -> 城市: the compound's head
            tail = next((n for n, _ in _governed(tags, i)), "")
        return tail or None
    return None


def division_asked(norm: str) -> str | None:
    """The division a which-question asks for by its one-character name (哪个县 -> 县,
    哪个省的 -> 省), or None: the answer must then name one, ending in that character."""
    head = asked_head(norm)
    if head and len(head) == 2 and all(c in _DIVISIONS for c in head):
        return f"[{head}]"  # 哪个乡镇: a name ending in 乡 or 镇
    return head if head and len(head) == 1 and head in _DIVISIONS else None


def _common_division(name: str) -> bool:
    """A two-character word ending in a division that names none in particular (农村, 乡村,
    全省, 本市): an everyday word of the dictionary, not a place's name (临猗县)."""
    from jieba import dt

    return len(name) == 2 and dt.FREQ.get(name, 0) >= COMMON_WORD_FREQ


def generic_only(head: str, answer: str) -> bool:
    """Whether `answer` names the asked category only generically (引起相关部门重视 for
    哪个部门): every mention of the head comes right after a word that is not a name or a
    noun (相关/v, 有关/vn, 各/r), so the sentence itself does not say which."""
    text = normalize(answer)
    if head not in text:
        return False
    tags = pos_tags(text)
    seen = False
    for j, (w, _) in enumerate(tags):
        if w != head and not (w.endswith(head) and len(w) > len(head)):
            continue
        seen = True
        if w != head:  # 市场监管部门 as one word: a specific one
            return False
        prev = tags[j - 1][1] if j else "x"
        if prev[:1] in ("n", "j") or prev in ("nt", "ns", "nz", "l", "b"):
            return False
    return seen


# asking someone's age (多大了, 几岁, how old): a number in 岁
_AGE = r"多大(?:了|年纪|岁数)|几岁|多少岁|年龄|how old"

_ZH = [
    (
        "comparison",
        r"区别|不同|异同|差别|差异|相比|比较|对比|不一样|有何联系|一样吗|有何异|一回事|有什么关系|有啥关系",
    ),
    (
        "summary",
        r"总结|概括|归纳|主要内容|讲了(?:什么|啥)|说了(?:什么|啥)|讲了哪些|要点|摘要|梗概|大意|"
        r"(?:主要|核心|基本)(?:观点|精神|论点|意思)|主旨|中心思想|summari[sz]e|sum up",
    ),
    (
        "reason",
        r"(?<![称叫])为什么(?!样)|为何|何故|什么原因|原因是|为啥|凭什么(?!认为|说)|怎么会|目的是什么|意义是什么|为了什么",
    ),
    ("person", r"谁|哪位|何人|什么人"),
    ("place", r"哪里|哪儿|[在去到]哪(?![一几个些家位届次期年种类项])|何处|何地|什么地方"),
    ("time", r"何时|什么时候|哪一?年|几月|哪个?月|哪天|几号|多久|多长时间|截止日期|期限"),
    (
        "number",
        r"多少|(?<![这那哪])几(?:个|项|家|对|条|件|台|部|处|名|万|次|种|座|所|年|人|类|样|大|岁)|"
        + _AGE
        + r"|数量|比例|百分之|第几|哪一?[届次期]|排名|名次|多[大高远重深宽厚](?![了年岁])|how many|how much",
    ),
    (
        "method",
        r"怎么做|怎么办|怎样做|如何|怎样(?!的)|怎么(?!样|回事)|咋(?!样|回事)|通过什么|用什么办法|采取什么|有什么措施|什么措施|什么办法|做法",
    ),
    (
        "list",
        r"有哪些|哪些|哪几|哪(?:[二三四五六七八九十两]{1,2}|\d{1,2})[\u4e00-\u9fff]|哪一[个项样件种类条家大]|分别|列举|都有什么|包括什么|包含什么|都有啥|列出|列一下|罗列",
    ),
    (
        "yesno",
        r"是否|有没有|是不是|能不能|会不会|可不可以|对不对|吗[？?]?$|了没有?[？?]?$|([\u4e00-\u9fff])不\1",
    ),
    (
        "definition",
        r"是什么意思|什么意思|啥意思|指什么|是指|指的是|是什么|是啥|含义|定义|概念|何谓|什么是|解释|介绍",
    ),
]
# the English nouns for a body a which-question may ask for (which college, what ministry), in
# the singular and the plural; "what company" asks for one as "which company" does
_EN_BODY = (
    r"(?:compan(?:y|ies)|organi[sz]ations?|agenc(?:y|ies)|units?|departments?|institutions?"
    r"|firms?|hospitals?|universit(?:y|ies)|bod(?:y|ies)|colleges?|schools?|ministr(?:y|ies)"
    r"|bureaus?|commissions?|committees?|banks?|associations?|institutes?|enterprises?"
    r"|platforms?|operators?|developers?|contractors?|suppliers?|manufacturers?)\b"
)
_EN = [
    (
        "comparison",
        r"\b(?:difference|differ|differs|compare|compared|comparison|versus|vs\.?|distinguish)\b",
    ),
    ("summary", r"\b(?:summari[sz]e|summary|overview|main points|gist|outline|sum up)\b"),
    ("reason", r"\bwhy\b|\bwhat (?:is|was) the (?:reason|purpose)\b"),
    (
        "person",
        r"\bwho\b|\bwhom\b|\bwhose\b|\bwhich (?:(?:two|three|four|five|six|seven|eight|nine|ten|\d+) )?(?:person|official|delegate|member)\b",
    ),
    (
        "organisation",
        rf"\b(?:which|what) (?:(?:two|three|four|five|six|seven|eight|nine|ten|\d+) )?(?:[A-Za-z-]+ )?{_EN_BODY}",
    ),
    (
        "place",
        r"\bwhere\b|\bwhich (?:(?:two|three|four|five|six|seven|eight|nine|ten|\d+) )?(?:[A-Za-z-]+ )?(?:city|cities|country|province|county|place|region|district)\b|\bwhat (?:[A-Za-z-]+ )?(?:city|country|place)\b",
    ),
    (
        "time",
        r"\bwhen\b|\bwhat (?:year|month|date|day|time)\b|\bwhich (?:(?:two|three|four|five|six|seven|eight|nine|ten|\d+) )?(?:year|month|date)\b|\bhow long\b",
    ),
    (
        "number",
        r"\bhow (?:many|much)\b|\bwhat (?:percentage|share|proportion|number)\b"
        # a measure named as what is asked (What is the storage capacity…?), or its unit
        r"|\bwhat (?:is|was|are|were) (?:the )?(?:[\w'-]+ ){0,5}?(?:capacity|value|"
        r"amount|budget|cost|price|population|volume|coverage rate|growth rate)\b"
        r"|\bin (?:mw|mwh|kw|kwh|gw|gwh|yuan|rmb|tons|tonnes|mu|km|percent)\b",
    ),
    (
        "method",
        r"\bhow (?:to|do|does|did|can|could|will|would|should|is|are)\b|\bin what way\b|\bwhat measures\b|\bwhat steps\b",
    ),
    (
        "list",
        r"\bwhat are the\b|\blist\b|\bwhich are\b|\bname (?:the|all)\b|\bwhat (?:items|projects|dishes|rates|parks)\b",
    ),
    (
        "definition",
        # what does X mean / stand for asks a definition; what does X plan (do, want) a fact
        r"\bwhat(?: is| are| was| were|'s|s)\b|\bwhat(?: do| does)\b.{0,60}?\b(?:means?|stands? for|refers? to|represents?|involves?|includes?|covers?|counts?)\b|"
        r"\bmeaning\b|\bmean\b|\bdefin|\bexplain\b|\brefers? to\b|\bstand for\b",
    ),
]
_ZH_RE = [(k, re.compile(p)) for k, p in _ZH]
_EN_RE = [(k, re.compile(p)) for k, p in _EN]
_UNIT = re.compile(
    r"(?:多少|第几|哪一?|几)(亿元|万元|元|亿|万亩|亩|公里|千米|平方米|米|吨|公斤|人次|万人|人|个百分点|%|部|台|个|家|项|件|场|处|名|所|届|次|期|年)"
)
_MONEY = re.compile(
    r"投资|资金|金额|产值|收入|预算|经费|gdp|多少钱|花费|花了|营收|补贴|补助|奖金|奖励|工资|"
    r"budget|revenue|invest|funding|subsid|salary|wage"
)
# the unit an English count or amount is asked in, as the Chinese answer writes it: units of
# measure are a closed class, so this is a small table, not a list fitted to questions
_EN_UNITS = [
    (re.compile(r"\bhow many (?:\w+ )?mu\b"), "亩"),
    (re.compile(r"\bhow many (?:\w+ )?(?:kilomet(?:er|re)s|km)\b"), "公里"),
    (re.compile(r"\bhow many (?:\w+ )?square met(?:er|re)s\b"), "平方米"),
    (re.compile(r"\bhow many (?:\w+ )?(?:tons|tonnes)\b"), "吨"),
    (
        re.compile(r"\bhow many (?:\w+ )?(?:yuan|rmb)\b|\bhow much (?:money|funding|investment)\b"),
        "元",
    ),
    (re.compile(r"\bhow much\b.*\b(?:spend|spent|cost|costs|invest|invested|pay|paid)\b"), "元"),
    (re.compile(r"\bhow many years\b|\bhow many (?:\w+ )?anniversar"), "年"),
    (
        re.compile(
            r"\bhow many (?:\w+ )?(?:people|persons|residents|workers|visitors|tourists|"
            r"employees|staff|volunteers|students|children|doctors|teachers|torchbearers)\b"
        ),
        "人",
    ),
    (re.compile(r"\bhow many (?:\w+ )?households\b"), "户"),
    (re.compile(r"\bhow many times\b"), "次"),
    (re.compile(r"\bwhat percentage\b|\bhow many percent"), "%"),
]
# a rate of change asked for: answered in per cent (增长预期目标 5%左右)
_RATE = re.compile(r"增速|增幅|增长率|增长(?:的)?(?:预期)?目标|预期增长|同比|比重|占比")
_NAME_ASK = re.compile(
    r"叫什么|叫做什么|称为什么|被称为|合称|统称|简称|怎么称呼|什么说法|提法叫|called"
)


# 哪 + a numeral asks for that many, whatever it counts (哪四个, 哪两大, 哪四精, 哪5家)
# 哪四个 / 那5家 (the ones the question already counted): the answer must name that many
_COUNT_ASKED = re.compile(
    r"哪([两二三四五六七八九十]{1,2}|\d{1,2})(?=[\u4e00-\u9fff])"
    r"|(?:(?<=的)那|这)([两二三四五六七八九十]{1,2}|\d{1,2})(?=[个家项件条种类所座处位名大])"
)


def enumerated(text: str) -> int:
    """The most items one clause of `text` enumerates: 、-separated (a last one joined by
    和/及/与 counts), two joined by 和 alone, ordinals (一是…二是…), or parallel clauses."""
    ords = len(re.findall(r"(?:^|[；;。，,])\s*[一二三四五六七八九十]{1,3}是", text))
    best = ords if ords >= 2 else 0
    for clause in re.split(r"[；;。，,：:]", text):
        n = clause.count("、")
        if n:
            n += 1 + bool(re.search(r"[和及与]", clause.split("、")[-1]))
        elif re.search(r"[\u4e00-\u9fff]{2,}[和及与][\u4e00-\u9fff]{2,}", clause):
            n = 2
        best = max(best, n)
    # parallel clauses ending alike (…逐年只增不减，…逐年只增不减) are items too
    ends = [c.strip()[-2:] for c in re.split(r"[；;，,。]", text) if len(c.strip()) >= 4]
    # and so are clauses that each open on a quoted part (“合”是…，“汽”是…)
    glossed = len(re.findall(r"(?:^|[；;。，,：:])\s*[“\"][^”\"]{1,4}[”\"](?:是|即|指)", text))
    return max([best, glossed, *(ends.count(e) for e in set(ends))])


def _measure_unit(norm: str) -> str | None:
    """The measure word a count asks in, read from the tags: 多少/m 户/q -> 户, 多少级/m -> 级."""
    tags = pos_tags(norm)
    for i, (w, f) in enumerate(tags):
        if f != "m" or not w.startswith(("多少", "几")):
            continue
        rest = w[2:] if w.startswith("多少") else w[1:]
        if rest and len(rest) <= 2 and CJK.search(rest):
            return rest
        if i + 1 < len(tags) and tags[i + 1][1] == "q":
            return tags[i + 1][0]
        # one character between 多少 and a noun counts it, however jieba tags it
        # (多少/m 起/v “中梗阻”问题, 多少/m 间/f 板房/n)
        if (
            i + 2 < len(tags)
            and len(tags[i + 1][0]) == 1
            and CJK.search(tags[i + 1][0])
            and tags[i + 1][0] not in _NOT_MEASURES
            and tags[i + 2][1][:1] in ("n", "f", "v")
        ):
            return tags[i + 1][0]
    if _AREA_ASKED.search(norm):
        return "亩"  # 灌溉面积多大: an area, in any unit of area
    return None


# one-character verbs and particles after 多少 that count nothing (多少是新的, 多少要自筹)
_NOT_MEASURES = set("是有在为要会能被把给让的了呢吗啊")
_AREA_ASKED = re.compile(r"面积|占地")
# an area is said in 亩 or square measures
_AREA_UNITS = r"(?:亩|平方(?:公里|千米|米)|公顷)"


def language(text: str) -> str:
    has_cjk = bool(CJK.search(text))
    has_latin = bool(re.search(r"[A-Za-z]{2,}", text))
    if has_cjk and not has_latin:
        return "zh"
    if has_latin and not has_cjk:
        return "en"
    # mixed: English question about a Chinese term ("what does 吨半粮 mean") reads as English
    latin_words = len(re.findall(r"[A-Za-z]{2,}", text))
    if latin_words >= 3 and not _EN_ASKS.search(text) and _ZH_ASKS.search(text):
        return "mixed"  # 市政府 meeting 上说要用好什么 work method: Chinese asks, English words
    return "en" if latin_words >= 3 else ("mixed" if has_latin else "zh")


# the words that make an English sentence a question, and those of a Chinese one
_EN_ASKS = re.compile(
    r"\b(?:what|which|who|whom|whose|where|when|why|how|is|are|was|were|do|does|did|can|could"
    r"|will|would|should|tell|explain|list|name|give|show|describe|compare|summari[sz]e)\b",
    re.I,
)
_ZH_ASKS = re.compile(r"什么|啥|哪|谁|多少|几|怎|如何|吗|呢|是否|为何")


def match_terms(norm_question: str, terms: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Glossary keys (normalised terms and aliases) in the question, longest first, no overlaps."""
    if hasattr(terms, "match"):  # qa.terms.TermKeys (Index.term_keys): a prebuilt automaton
        return terms.match(norm_question)
    found: list[str] = []
    for key in sorted(terms, key=len, reverse=True):
        if key and key in norm_question and not any(key in f for f in found):
            found.append(key)
    return tuple(found)


def _lcs(a: str, b: str) -> int:
    """Length of the longest common subsequence (a few hundred character pairs at most)."""
    row = [0] * (len(b) + 1)
    for ca in a:
        prev = 0
        for j, cb in enumerate(b, 1):
            cur = row[j]
            row[j] = prev + 1 if ca == cb else max(row[j], row[j - 1])
            prev = cur
    return row[-1]


def fuzzy_terms(
    norm_question: str, terms: list[str] | tuple[str, ...], ratio: float = 0.7
) -> tuple[str, ...]:
    """Glossary keys the question names with a typo or a word left out (三大罐区 for 三大灌区,
    15件民生实事 for 15件省省级民生实事): a window that starts with the key's first character,
    ends with its last, is at most three characters longer, and holds `ratio` of the key's
    characters in order. Keys of three characters or fewer must match exactly. Best first."""
    found = _fuzzy(norm_question, terms, ratio)
    return (found[0],) if found else ()


def correct_terms(norm_question: str, terms: list[str] | tuple[str, ...]) -> str | None:
    """The question with a misspelt glossary term written as the glossary writes it, when it
    names none exactly (三大罐区是那三个 -> 三大灌区是那三个), or a term typed in pinyin
    (what does dun ban liang mean -> what does 吨半粮 mean); None when nothing to correct."""
    if match_terms(norm_question, terms):
        return None
    found = (
        _fuzzy(norm_question, terms, 0.7)
        or pinyin_term(norm_question, terms)
        or homophone_term(norm_question, terms)
    )
    if not found:
        return None
    key, i, j = found
    return norm_question[:i] + key + norm_question[j:]


def _pinyin_keys(terms) -> dict[str, str]:
    """Each Chinese key's pinyin without tones, syllables run together (吨半粮 -> dunbanliang;
    ü typed as v or u)."""

    def build(keys) -> dict[str, str]:
        from pypinyin import lazy_pinyin

        out: dict[str, str] = {}
        for key in sorted(keys, key=len):  # a longer key wins a shared reading
            if len(key) >= 2 and HAN_RUN.fullmatch(key):
                joined = "".join(lazy_pinyin(key))
                for form in {joined, joined.replace("v", "u")}:
                    out[form] = key
        return out

    return _per_keys("pinyin", terms, build)


def _homophone_keys(terms) -> dict[tuple[str, ...], str]:
    """Keys of three or more Chinese characters by their syllables (晋创谷 -> jin chuang gu)."""

    def build(keys) -> dict[tuple[str, ...], str]:
        from pypinyin import lazy_pinyin

        return {
            tuple(lazy_pinyin(k)): k
            for k in sorted(keys, key=len)
            if len(k) >= 3 and HAN_RUN.fullmatch(k)
        }

    return _per_keys("homophone", terms, build)


def homophone_term(norm_question: str, terms) -> tuple[str, int, int] | None:
    """A glossary term typed with a character that sounds the same (晋创古 for 晋创谷: a
    pinyin input method's commonest slip), three characters or more, and where it stands."""
    from pypinyin import lazy_pinyin

    keys = _homophone_keys(terms)
    if not keys:
        return None
    lengths = sorted({len(k) for k in keys}, reverse=True)
    best: tuple[str, int, int] | None = None
    for m in HAN_RUN.finditer(norm_question):
        syl = lazy_pinyin(m.group(0))
        if len(syl) != len(m.group(0)):
            continue
        for n in lengths:
            for i in range(len(syl) - n + 1):
                key = keys.get(tuple(syl[i : i + n]))
                if key and (best is None or n > best[2] - best[1]):
                    best = (key, m.start() + i, m.start() + i + n)
    return best


def pinyin_term(norm_question: str, terms) -> tuple[str, int, int] | None:
    """A glossary term the question writes in pinyin (“dun ban liang”, zhuanjingtexin): the
    longest run of its Latin words, spaced or joined, that reads as a key, and where it
    stands. A single word must be six letters or more (a shorter one is as likely English)."""
    words = list(re.finditer(r"[a-z]+", norm_question))
    if not words:
        return None
    keys = _pinyin_keys(terms)
    best: tuple[str, int, int] | None = None
    for a in range(len(words)):
        for b in range(a + 1, min(a + 8, len(words)) + 1):
            i, j = words[a].start(), words[b - 1].end()
            if not re.fullmatch(r"[a-z\s'’-]+", norm_question[i:j]):
                break  # the run is broken by something that is not a separator
            joined = "".join(w.group(0) for w in words[a:b])
            if joined in keys and (b - a >= 2 or len(joined) >= 6):
                if best is None or j - i > best[2] - best[1]:
                    best = (keys[joined], i, j)
    return best


# a name as English writes it: capitalised words in a row (Zhang Hong), one per side of a
# hyphen (Houma-Hejin), after the question's first word
_CAPITALISED = re.compile(r"(?<=[\s(“\"'-])[A-Z][a-z]+(?: [A-Z][a-z]+){0,2}")
_LOWER_RUN = re.compile(r"(?<=[\s(“\"'-])[a-z]{2,}(?: [a-z]{2,})*")


def pinyin_readings(texts, max_syllables: int = 4) -> dict[str, set[str]]:
    """Every run of 2 to `max_syllables` Chinese characters in `texts` by its toneless pinyin,
    syllables run together (侯马 -> houma, 张虹 -> zhanghong, 定日 in 定日县 -> dingri):
    how an English question spells the page's names."""
    from pypinyin import lazy_pinyin

    out: dict[str, set[str]] = {}
    for text in texts:
        for run in HAN_RUN.findall(text):
            syl = lazy_pinyin(run)
            if len(syl) != len(run):
                continue
            for i in range(len(run)):
                for n in range(2, max_syllables + 1):
                    if i + n > len(run):
                        break
                    out.setdefault("".join(syl[i : i + n]), set()).add(run[i : i + n])
    return out


def english_names(text: str, readings: dict[str, set[str]]) -> list[str]:
    """The Chinese an English question's names read as (Which company will build the
    Houma-Hejin bypass? -> 侯马, 河津), longest reading first where several words form one
    name (Zhang Hong -> 张虹). Capitalised words first; then names typed in lower case, taken
    only where two or more words read as one name (xu xiaochan -> 徐晓婵) or one long word
    does (yuncheng): a short lower-case word is more likely English (women, change) than
    pinyin. Words that read as nothing in the documents are left out."""
    found: list[str] = []
    for pattern, lower in ((_CAPITALISED, False), (_LOWER_RUN, True)):
        for m in pattern.finditer(" " + text):
            words = m.group(0).split()
            i = 0
            while i < len(words):
                for j in range(min(len(words), i + 3), i, -1):
                    key = "".join(words[i:j]).lower()
                    long_enough = len(key) >= (7 if lower and j == i + 1 else 4)
                    if long_enough and key in readings:
                        found.extend(sorted(readings[key], key=len))
                        i = j
                        break
                else:
                    i += 1
    return list(dict.fromkeys(found))


_DERIVED: dict[tuple[str, int], tuple[object, object]] = {}


def _per_keys(name: str, terms, build):
    """What `build(terms)` derives from a key tuple (an index's `term_keys`), built once per
    tuple and kept for the last few tuples seen."""
    hit = _DERIVED.get((name, id(terms)))
    if hit is not None and hit[0] is terms:
        return hit[1]
    value = build(terms)
    if len(_DERIVED) >= 16:
        _DERIVED.clear()
    _DERIVED[(name, id(terms))] = (terms, value)
    return value


def _by_ends(terms) -> tuple[dict[tuple[str, str], list[str]], int]:
    """Keys of four or more characters by their first and last characters, and the longest
    key's length, so a question looks only at keys whose ends it holds in order (a few
    dictionary lookups, however many terms the corpus has)."""

    def build(keys) -> tuple[dict[tuple[str, str], list[str]], int]:
        out: dict[tuple[str, str], list[str]] = {}
        for key in keys:
            if len(key) >= 4:
                out.setdefault((key[0], key[-1]), []).append(key)
        return out, max((len(k) for ks in out.values() for k in ks), default=0)

    return _per_keys("ends", terms, build)


def _fuzzy(q: str, terms, ratio: float) -> tuple[str, int, int] | None:
    # a window holds a key of n characters from its first to its last and is 3 to n + 3
    # characters long: only character pairs that far apart can be a key's ends
    by_ends, longest = _by_ends(terms)
    pairs = {(a, b) for i, a in enumerate(q) for b in q[i + 2 : i + longest + 3]}
    return best_window(q, sorted({k for pair in pairs for k in by_ends.get(pair, ())}), ratio)


def best_window(q: str, keys, ratio: float) -> tuple[str, int, int] | None:
    """Among `keys`, the one a window of q spells best (a share of its characters in order,
    the window from its first character to its last, at most three longer): (key, start, end)."""
    chars = set(q)
    best: tuple[float, int, str, int, int] | None = None
    for key in keys:
        n = len(key)
        if key in q or key[-1] not in chars or len(set(key) & chars) < ratio * len(set(key)):
            continue
        for i, c in enumerate(q):
            if c != key[0]:
                continue
            ends = [e for e in range(i + 1, min(len(q), i + n + 3)) if q[e] == key[-1]]
            if not ends:
                continue
            # the shortest window spelling the key best: 新增的国际友城是哪座城 spells
            # 新增1对国际友城 up to its first 城, and the rest is the question's own
            common, end = max((_lcs(key, q[i : e + 1]), -e) for e in ends)
            end = -end
            if common >= ratio * n and common >= 3:
                cand = (common / n, n, key, i, end + 1)
                if best is None or cand[:3] > best[:3]:  # ties: deterministic
                    best = cand
    return (best[2], best[3], best[4]) if best else None


# how something was said or seen: a verb of saying or judging right after 怎么 / 如何
_SAYING = re.compile(
    r"(?:怎么|如何|怎样)(?:来)?(?:形容|评价|看待|描述|理解|称呼|解释|回应|表述|表态|说|讲|称|看)"
)


# a polite request to tell (能不能说说…, 可以介绍一下…, 能否讲讲…) asks what follows, not yes or no
_REQUEST = re.compile(
    r"(?:能不能|能否|可不可以|可以|能)(?:帮我|给我|请)?(?=说|讲|介绍|解释|总结|概括|列|谈|聊|梳理|告诉)"
)


def _zh_kind(q: str) -> str | None:
    if _REQUEST.search(q):
        q = re.sub(r"[吗呢]?\s*[？?]?$", "", _REQUEST.sub("", q))
    kind: str | None = None
    for k, rx in _ZH_RE:
        # a summary's cue read across a word's edge is not said (要点 in 要/点燃 主火炬)
        if any(k != "summary" or said_as_word(m.group(0), q) for m in rx.finditer(q)) and (
            kind is None or _priority(k) < _priority(kind)
        ):
            kind = k
    if kind in (None, "definition", "yesno") and any(
        f == "m" and re.match(r"(?:几|多少)(?!乎)[\u4e00-\u9fff]", w) for w, f in pos_tags(q)
    ):
        kind = "number"  # 几份/m, 多少户/m: a count in any measure word the tagger reads
    head = head_kind(q)
    if head and kind not in ("comparison", "summary", "reason") and not _WHAT_LIKE.search(q):
        # 哪些公司 / 在哪家企业 / 哪个城市: the governed noun decides, not "list" or "place"
        kind = head
    if _NAME_ASK.search(q) or (kind == "method" and _SAYING.search(q)):
        # "…合称什么 / 被称为什么": it describes something and asks its name; 怎么形容 /
        # 如何评价 asks what was said, not a way of doing something
        return "fact"
    if kind == "person" and _names_person(q):
        # "张虹是谁": the question names the person and asks who they are
        kind = "definition"
    if kind == "method" and (m := _ENDS_ON_HOW.search(q)):
        # 安置点条件如何 / 效果怎样: 如何 after a noun, ending the question, asks what the
        # thing is like; before a verb (如何建设) it asks a way of doing
        tags = [t for t in pos_tags(q[: m.start()]) if t[1] != "x"]
        if tags and tags[-1][1][:1] == "n":
            kind = "fact"
    return kind


_ENDS_ON_HOW = re.compile(r"(?:如何|怎样|怎么样)[呢啊呀]?\s*[？?。!！]*$")


# 什么样的城市 / 啥样的城市 / 怎样的企业: asks what it is like, not which one
_WHAT_LIKE = re.compile(r"(?:什么|啥|怎)样")


def _priority(kind: str) -> int:
    order = [
        "comparison",
        "summary",
        "reason",
        "person",
        "organisation",
        "place",
        "time",
        "number",
        "method",
        "list",
        "yesno",
        "definition",
    ]
    return order.index(kind)


def _names_person(q: str) -> bool:
    """The question itself holds a person's name (jieba nr) right before 是谁 / 是哪位."""
    m = re.search(r"([^，,。？?]{2,8})(?:是|为)(?:谁|哪位|什么人)", q)
    if not m:
        return False
    tags = pos_tags(m.group(1))
    return bool(tags) and tags[-1][1].startswith("nr")


def _en_kind(q: str) -> str | None:
    """The kind of the highest priority any English pattern names; but a bare "when" asks a
    time only as the question's first wh-word: later it is a conjunction (What benchmark
    should firms aim at when upgrading?), while a later "who" still asks a person (the name
    of the mayor who delivered the report)."""
    first = re.search(r"\b(?:what|which|who|whom|whose|where|when|why|how)\b", q)
    best: str | None = None
    for kind, rx in _EN_RE:
        hit = any(
            m.group(0) != "when" or (first is not None and m.start() == first.start())
            for m in rx.finditer(q)
        )
        if hit and (best is None or _priority(kind) < _priority(best)):
            best = kind
    return best


def asked_kind(norm: str, lang: str, terms: tuple[str, ...] = ()) -> str:
    """The kind of answer a (single) question asks for."""
    rest = norm
    for t in terms:
        rest = rest.replace(t, "")
    kind = None
    if lang in ("zh", "mixed"):
        kind = _zh_kind(norm)
    if kind is None or (lang != "zh" and kind == "definition"):
        kind = _en_kind(norm) or kind
    if lang != "zh" and _EN_YESNO.match(norm):
        kind = "yesno" if kind not in ("comparison", "summary") else kind
    if kind == "definition" and lang == "zh" and _COUNTED.search(rest):
        # "15件民生实事是什么": a counted plural asks for its items
        kind = "list"
    if kind in (None, "definition") and _DOING.search(norm):
        kind = "fact"  # 打算干嘛 / 想做什么: what someone does, not what a term means
    if lang != "en" and re.search(r"(?:指的?是|是指|指|属于)哪(?:一)?[类种样]", norm):
        kind = "definition"  # 专精特新企业指的是哪一类企业: a kind of thing, not one of them
    if lang != "en" and re.search(r"(?:怎么|怎样|如何|咋)(?:理解|解释|界定|定义)", norm):
        kind = "definition"  # 四好农村路咋理解, “好房子”是怎么界定的: what it means
    if kind is None:
        # a bare term ("三个一批") asks what it is; words beyond it ask something else
        if lang == "en":  # "what about X?" names a term; a longer one asks about it
            kind = "definition" if len(re.findall(r"[a-z]+", rest)) <= 4 else "fact"
        else:
            kind = "definition" if len(CJK.findall(rest)) <= 4 or len(norm) <= 12 else "fact"
    return kind


# a numbered abbreviation of policy language opening the question's subject: 四精, 三率,
# 两高 (a numeral and one character, not 三个 or 两年)
_NUMBERED = re.compile(
    r"(?<![第每这那几\d一二两三四五六七八九十百千万])([两二三四五六七八九])(?![个年月日次位名种项条件家大类样批])"
    r"[\u4e00-\u9fff]{1,2}(?=[和与、]|具体|都|分别|各|指|是|有|包括|$|[\s，,？?])"
)


def _unquote(m: re.Match) -> str:
    return " " + m.group(0)[1:-1] + " "


# asking what someone does or will do (打算干嘛, 想干啥, 要做什么)
# (晋创谷是干嘛的 asks what it is); 怎么回事 / 咋回事 asks what happened
_DOING = re.compile(r"(?<![是的])[干做搞](?:嘛|啥|什么)|(?:怎么|咋)回事")

_COUNTED = re.compile(
    r"(?:\d+|[两二三四五六七八九十]+)\s*(?:件|项|个|类|条|种|大|对|家)[\u4e00-\u9fff]{2,}"
)
_EN_YESNO = re.compile(r"^(?:is|are|was|were|does|do|did|can|will|has|have|should)\b")


# -- parts ------------------------------------------------------------------------
_SPLIT = re.compile(r"[？?；;]+|[，,。]\s*(?=(?:还有|另外|以及|同时|并且|那么|再问|又|and\s))")
_ASKS = re.compile(
    r"什么|哪|谁|多少|几|如何|怎|为何|为什么|是否|吗|呢|啥|干嘛|多久|多长|多[大高远重深宽快厚]|何时|区别|意思|含义|"
    r"了没有|([\u4e00-\u9fff])[不没]\1|\b(?:what|which|who|where|when|why|how|is|are|does|do|did)\b"
)


def asks(phrase: str) -> bool:
    """Whether a phrase holds an interrogative: it asks something, it does not name a thing."""
    return bool(_ASKS.search(phrase))


_AND_BOTH = re.compile(r"^(.+?)(?:和|与|及|跟|以及|、)(.+?)(?:分别|各)(.+)$")


_HAN_SPACE = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")


_AFTERTHOUGHT = re.compile(r"(?:which|what) \w+(?: \w+)?\s*[?？.!]*")
_EN_OPENS = re.compile(
    r"(?:(?:and|but|also|so|then) )?(?:what|which|who|whom|whose|where|when|why|how)\b|"
    r"(?:and|but|also|so|then) (?:is|are|was|were|does|do|did|can|could|will|would|has|have|"
    r"had|should|tell|list|name|give|explain|describe)\b"
)


def split_parts(text: str) -> list[str]:
    """Sub-questions, each with its own interrogative; one part when only one thing is asked."""
    pieces = [p.strip(" ，,。.、") for p in _SPLIT.split(text)]
    pieces = [p for p in pieces if p]
    # "，" joining two clauses that each ask something is a split too
    out: list[str] = []
    for p in pieces:
        sub = [s.strip() for s in re.split(r"[，,、]", p) if s.strip()]
        # a space between Chinese words may be a typed comma (定日地震有多少级 过渡安置多久完成的)
        spaced = [s.strip() for s in _HAN_SPACE.split(p) if s.strip()]
        # a later English clause asks when it opens on a wh-word (or and + an auxiliary); one
        # that only ends on one (…call the CPPCC, the broadest what?) or goes on with the
        # verb (How long, in kilometres, is …) completes the clause before it
        joined: list[str] = []
        for s in sub:
            # nor does an afterthought of a few words with no verb (…, which year?)
            if (
                joined
                and language(s) == "en"
                and (not _EN_OPENS.match(s.lower()) or _AFTERTHOUGHT.fullmatch(s.lower()))
            ):
                joined[-1] += ", " + s
            else:
                joined.append(s)
        sub = joined
        asking_sub = sum(bool(_ASKS.search(normalize(s))) for s in sub)
        # clauses that ask nothing (…民生实事中，) are context, joined below to the next part
        if len(sub) > 1 and (
            asking_sub == len(sub) or (asking_sub >= 2 and _ASKS.search(normalize(sub[-1])))
        ):
            out.extend(sub)
        elif len(spaced) > 1 and all(_ASKS.search(normalize(s)) for s in spaced):
            out.extend(spaced)
        else:
            out.append(p)
    asking = [p for p in out if _ASKS.search(normalize(p))]
    if len(asking) <= 1:
        m = _AND_BOTH.match(text.strip(" ？?"))
        if m and _ASKS.search(normalize(m.group(3))):
            a, b, rest = m.group(1), m.group(2), m.group(3)
            return [f"{a}{rest}", f"{b}{rest}"]
        return [text]
    # a clause that asks nothing ("关于吨半粮") is context for the next one
    merged: list[str] = []
    carry = ""
    for p in out:
        if _ASKS.search(normalize(p)):
            merged.append(carry + p)
            carry = ""
        else:
            carry += p + "，"
    if carry and merged:
        merged[-1] += "，" + carry.rstrip("，")
    return merged


_SAYING_VERBS = {"解释", "说", "讲", "写", "介绍", "表述", "阐述", "说明", "回答"}


def _restates(part: str) -> bool:
    """A later part that only asks how the document puts it (报告里怎么解释的, 文中怎么说):
    the part before asked it already."""
    tags = pos_tags(normalize(part))
    words = [
        w
        for w, f in tags
        if f[:1] not in ("x", "u", "r", "d", "p", "y", "c", "f") and w not in QUESTION_WORDS
    ]
    return any(w in DOC_NOUNS for w, _ in tags) and all(
        w in DOC_NOUNS or w in _SAYING_VERBS or w in _MENTIONING for w in words
    )


def _own_subject(part: str) -> bool:
    """Whether a part names what it asks about: a noun of two or more characters that is not
    the category its interrogative asks for (有什么讲究吗 -> 讲究 is asked, not the topic;
    要带伞吗 names nothing). A part without one leans on the part before it."""
    if language(part) != "zh":
        return len(CJK.findall(_subject(part, ()))) >= 2
    tags = [(w, f) for w, f in pos_tags(normalize(part)) if f not in ("x", "uj")]
    for j, (w, f) in enumerate(tags):
        asked = j and tags[j - 1][1] == "r" and INTERROGATIVE.search(tags[j - 1][0])
        # a numeral-led abbreviation (四精/m, 两会/m) is a name too
        named = f[:1] in ("n", "j") or (
            f == "m" and re.search(r"[^\d一二三四五六七八九十百千万两几]", w)
        )
        if named and len(w) >= 2 and not asked and w not in QUESTION_WORDS and w not in DOC_NOUNS:
            return True
    return False


def _subject(part: str, terms: tuple[str, ...]) -> str:
    """What a part is about: its glossary term, else the words before its interrogative."""
    if terms:
        return terms[0]
    m = _ASKS.search(normalize(part))
    head = normalize(part)[: m.start()] if m else normalize(part)
    head = re.sub(r"(?:是|的|在|有|为|指|里|中|对)+$", "", head)
    # who or what acts, not what it does: the nouns before the first verb (市政府党组会议 of
    # 市政府党组会议要求树牢, so the next part asks 市政府党组会议要用好哪个工作法)
    # A verb of mentioning (评论提到人民政协…) leads to the topic, and a verb before 的
    # (家乡发生的地震) only modifies it: there the whole head stays
    tags = pos_tags(head)
    # 给高龄老人做的上消化道健康筛查是免费的吗: what the copula says something of
    if (i := next((i for i, (w, _) in enumerate(tags) if w == "是"), 0)) and len(
        lead := "".join(x for x, _ in tags[:i])
    ) >= 2:
        return lead
    for i, (w, f) in enumerate(tags):
        if f[:1] == "v" and i and all(g[:1] in ("n", "j", "m", "t") for _, g in tags[:i]):
            rest = [x for x, _ in tags[i:]]
            j = i + 1
            while w in _MENTIONING and j < len(tags) and tags[j][1][:1] in ("n", "j"):
                j += 1  # through the topic it mentions
            lead = "".join(x for x, _ in tags[: j if j > i + 1 else i])
            if len(lead) >= 2 and "的" not in rest:
                head = lead
            break
    return head if len(head) >= 2 else ""


# -- the analysis -------------------------------------------------------------------


def topic_of(norm: str) -> str:
    """The question with its interrogative and filler words removed."""
    t = norm
    for _, rx in _ZH_RE + _EN_RE:
        t = rx.sub(" ", t)
    t = re.sub(r"[\s?？!！。.,，:：、;；\"'“”()（）]+", " ", t)
    return " ".join(t.split())


# 那 typed for 哪 (那个部门牵头负责的): a demonstrative where a question with no other
# interrogative takes an object, after a verb or a preposition
_THAT_FOR_WHICH = re.compile(
    r"(?<=[是在由从到去于给跟和与])那(?=个|家|位|些|里|儿|一|年|天|种|所|座)"
)
_ASKS_ANYTHING = re.compile(r"哪|什么|何|啥|谁|多少|几|怎|如何|是否|吗|呢|么|[A-Za-z]")


def which_typo(text: str) -> str:
    """The question with 那 read as 哪 where nothing else in it asks (高效办成一件事是那个部门
    牵头负责的 -> 是哪个部门); unchanged otherwise."""
    if _ASKS_ANYTHING.search(text) or not CJK.search(text):
        return text
    return _THAT_FOR_WHICH.sub("哪", text, count=1)


_BOOK_TITLE = re.compile(r"《[^》]{6,60}》")


def analyse(text: str, glossary_keys: list[str] | tuple[str, ...] = ()) -> Question:
    """Read one question. `glossary_keys` are normalised terms and aliases of the corpus."""
    text = which_typo(text)
    norm = normalize(text)
    lang = language(text)
    terms = match_terms(norm, glossary_keys)
    if _BOOK_TITLE.search(text):
        # 《…建设“一城两区三门户”》一文: a term inside an article's title names the article
        outside = normalize(_BOOK_TITLE.sub("，", text))
        terms = tuple(t for t in terms if t in outside)
    parts = split_parts(text)
    flags: dict = {}
    restated = False
    if len(parts) > 1:
        # a later part without its own subject ("…？是哪一年提出的？") inherits the first one's
        subj = _subject(parts[0], match_terms(normalize(parts[0]), glossary_keys))
        fixed = [parts[0]]
        for p in parts[1:]:
            if _restates(p):
                restated = True
                continue  # “两高”项目为什么要限制上马？报告里怎么解释的: the same question
            own = match_terms(normalize(p), glossary_keys)
            if subj and re.match(r"(?:跟|和|与|同)[\u4e00-\u9fff]", p) and subj not in normalize(p):
                # 跟关公有什么关系: the other side of 跟 is what the part before asked about
                p = subj + p
            elif (
                not own
                and subj
                and (
                    len(lead := CJK.findall(_subject(p, ()))) < 2
                    or (len(lead) <= 3 and not _own_subject(p))
                )
                and subj not in normalize(p)
            ):
                p = subj + p
            fixed.append(p)
        parts = fixed
    # a part dropped as restating the one before: the kind is the remaining part's
    kind = asked_kind(normalize(parts[0]) if restated and len(parts) == 1 else norm, lang, terms)
    if kind == "list" and _OWN_LETTERS.search(norm):
        # 合汽生材是哪四个字的意思: the items are the term's own characters, so what is asked
        # is what the term stands for
        kind = "definition"
    compared: tuple[str, ...] = ()
    if kind == "comparison":
        compared = _compared(norm, terms, text)
        asking = next((c for c in compared if asks(c)), None)
        if asking is not None:
            # 关公羊汤为啥叫关公羊汤，跟关公有什么关系: a side that asks something is no
            # thing compared; the question is what that side asks
            kind, compared = asked_kind(asking, lang, terms), ()
        if len(compared) == 2 and all(any(c in normalize(p) for c in compared) for p in parts):
            # “两区”和“三门户”各指什么，对比一下: one comparison, not two questions
            parts = [text]
    unit = None
    if kind == "number" and lang == "en":
        unit = next((u for rx, u in _EN_UNITS if rx.search(norm)), None)
        # "how many canteens are budgeted" counts canteens: money is asked by "how much"
        if unit is None and _MONEY.search(norm) and not re.search(r"\bhow many\b", norm):
            unit = "元"
    elif kind == "number" and re.search(r"(?:几|多少)零后", norm):
        unit = "后"  # 几零后: a generation (80后)
    elif kind == "number" and (m := _UNIT.search(norm)):
        unit = m.group(1)
    elif kind == "number" and _RATE.search(norm):
        unit = "%"  # 经济增长预期目标定的是多少: a rate
    elif kind == "number" and re.search(_AGE, norm):
        unit = "岁"  # an age
    elif kind == "number" and _MONEY.search(norm):
        unit = "元"
    elif kind == "number":
        unit = _measure_unit(norm)
    if _NAME_ASK.search(norm):
        if kind in ("fact", "definition") and _office_named(norm):
            kind = "person"  # 市长叫什么名字: a person's name, not a term's
        else:
            flags["asks_name"] = True
    if kind in ("fact", "definition", "yesno") and _DEGREE.search(norm):
        flags["degree"] = True  # 哪个更好吃: which has more of a quality
    if lang == "zh" and _PROPOSAL_ASK.search(norm):
        flags["proposal"] = True
    if (line := adjacent_line(text)) is not None:
        # “一跃龙门天地开”下一句是啥: the line next to a quoted one, whatever else it asks
        kind = "fact"
        flags["adjacent"] = line
    if _QUOTE_ASK.search(norm) and person_names(pos_tags(norm)):
        flags["quote"] = True  # what a person said (袁玉宇用哪句话…), not which sentence of a text
    if (
        (_ROLE_ASK.search(norm) or (kind == "definition" and _names_person(norm)))
        and len(parts) == 1
        and (names := person_names(pos_tags(norm)))
    ):
        # 尼玛琼拉的职务是什么 / 尼玛琼拉是谁: the sentence that titles her says who she is
        flags["role"] = names[0]
    if kind in ("fact", "list") and (m := _ASPECT.search(norm)):
        # “好房子”标准对住房面积有什么要求: a demand about 住房面积 must name it
        aspect = [w for w, f in pos_tags(m.group(1)) if f[:1] in ("n", "j") and len(w) >= 2]
        if aspect:
            flags["aspect"] = aspect
    if kind == "comparison" and (m := _COMPARED_ASPECT.search(norm)):
        # 在入驻企业数量和科创团队规模上相比: compared on an aspect the quotes must name
        aspect = [
            w
            for w, f in pos_tags(m.group(1))
            if f[:1] in ("n", "j") and len(w) >= 2 and not w.startswith(("和", "与", "及"))
        ]
        # what a thing is (性质, 内涵) is what each side's definition says
        if aspect and not set(aspect) & _WHAT_IT_IS:
            flags["aspect"] = aspect
    if kind in ("list", "fact") and (noun := asked_noun(norm)):
        flags["noun"] = noun
        if mod := noun_modifier(norm):
            flags["noun_mod"] = mod
    if kind == "time" and (grain := time_grain(norm)):
        flags["grain"] = grain
    if kind == "list" and (m := _COUNT_ASKED.search(norm)):
        # 哪四个 / 哪两大: the answer must enumerate that many
        flags["count"] = zh_int(m.group(1) or m.group(2))
        ab = norm[m.start(1) : m.end(1) + 1] if m.group(1) else ""
        if len(ab) == 2 and ab[1] not in CLASSIFIERS | {"大"} and norm.count(ab) >= 2:
            # “四精四账”…是指哪四精: the counted word is the question's own abbreviation,
            # whose items the answer must spell out
            flags["abbrev"] = ab
        elif (
            "noun" not in flags
            and not terms
            and re.match(r"[\u4e00-\u9fff]?(?:呢|啊|呀)?(?:[?？。!！,，]|$)", norm[m.end() :])
            and (head := _counted_subject(norm, m.start()))
        ):
            # 三个一号旅游公路分别是哪三条: the items are kinds of what the subject names
            flags["noun"] = head
    elif kind == "list" and (m := _NUMBERED.search(_QUOTED_TERM.sub(_unquote, norm))):
        # “四精”具体指哪些: a numbered abbreviation (四精, 三率, 两高) names that many items
        flags["count"] = zh_int(m.group(1))
        flags["abbrev"] = m.group(0)
    return Question(
        text=text,
        norm=norm,
        lang=lang,
        asked=kind if len(parts) == 1 else "parts",
        terms=terms,
        parts=tuple(parts) if len(parts) > 1 else (),
        compared=compared,
        unit=unit,
        topic=topic_of(norm),
        flags=flags,
    )


def _compared(norm: str, terms: tuple[str, ...], text: str = "") -> tuple[str, ...]:
    """The two things a comparison names: two glossary terms, else the two sides of 和/与/and."""
    if len(terms) >= 2:
        # in the order they appear in the question
        return tuple(sorted(terms[:2], key=norm.find))
    # two quoted phrases on either side of 和 name the two things, whatever frames them
    # (报告里“法治护航促公正”和“廉洁奉公扬正气”这两块侧重点有啥不一样)
    if q := re.search(
        r"[“\"「]([^”\"」]{2,16})[”\"」]\s*(?:和|与|跟|同|及|以及|\band\b|\bvs\.?|\bversus\b)\s*"
        r"[“\"「]([^”\"」]{2,16})[”\"」]",
        text,
    ):
        return (normalize(q.group(1)), normalize(q.group(2)))
    m = re.search(
        r"(.+?)(?:和|与|跟|同|及|以及|\band\b|\bvs\.?|\bversus\b)(.+?)(?:的|之间|有什么|有何|有啥|在|相比|区别|不同|异同|差别|差异|各|分别|都|也|俩|两人|[,，\s]|$)",
        re.sub(
            r"^(?:请问|请比较|比较一下|比较|对比|compare|what is the difference between|what's the difference between|how does)\s*",
            "",
            norm,
        ),
    )
    if not m:
        return terms[:1]
    junk = " ，,.。?？!！"
    a, b = m.group(1).strip(junk), m.group(2).strip(junk)
    return tuple(x for x in (a, b) if x)


# -- answer-type checks -------------------------------------------------------------
_DATE = re.compile(
    r"\d{2,4}\s*年|\d{1,2}\s*月|\d{1,2}\s*日|[〇零一二三四五六七八九十]{2,4}年|年底|年初|年末|今年|去年|明年|前年|伊始|"
    r"\d{4}\s*[—–-]\s*\d{4}"
)
_AMOUNT = r"(?:\d[\d.,]*|[一二三四五六七八九十百千万两半]+)"
_DURATION = re.compile(
    r"(?:\d+|[一二三四五六七八九十两几半]+)\s*个?\s*(?:年|月|天|周|星期|小时|分钟)"
)
_NUM = re.compile(
    r"\d|[一二三四五六七八九十百千]+分之[一二三四五六七八九十]+|[一二三四五六七八九十]成|[一二三四五六七八九十百千万两半]+(?:个|项|家|对|条|件|台|部|处|名|万|次|种|座|所|类|样|成|倍|批|大)"
)
_CAUSE = re.compile(
    r"因为|由于|为了|旨在|以便|从而|目的|原因|所以|因此|是.{0,30}(?:重要|关键|基础|保障|支撑|手段|抓手|载体|方向)|"
    r"才能|只有|有利于|促进|推动|确保|让|使|足见|由此可见"
)
_MEANS = re.compile(
    r"通过|采取|实施|推进|推动|加强|加快|坚持|落实|建立|健全|完善|强化|深化|开展|实行|用好|依托|运用|以.{1,12}为|要"
)
# several ways listed side by side: 有的深入田间地头…；有的穿梭社区工厂…, 一是…二是…
# or a condition that brings the result about (只有走到群众中间，建言资政才能更有力度)
_WAYS_LISTED = re.compile(r"有的.+有的|一是.+二是|首先.+其次|只有.+才")
# a list of the question's own characters or words (哪四个字, 每个字, 各代表什么): what an
# abbreviation stands for
_OWN_LETTERS = re.compile(r"(?:哪[几两二三四五六七八九十\d]{0,2}个?|每个|每一个|各个)(?:字|词)")

# the kinds of institution whose names always say which kind they are (…大学, …中学): a
# which-question naming one asks for a body of that kind. A hospital may be a 医学中心, a
# company a 集团 or a 分部: those are left to the general check
_INSTITUTION_KINDS = {
    "大学": "大学|学院",
    "高校": "大学|学院",
    "学校": "学校|中学|小学|大学|学院",
    "银行": "银行",
}

# the same kinds asked in English (which college, what banks)
_EN_INSTITUTION_KINDS = re.compile(
    r"\b(?:which|what) (?:[A-Za-z-]+ )?(colleges?|universit(?:y|ies)|schools?|banks?|"
    r"ministr(?:y|ies)|commissions?)\b"
)
_EN_INSTITUTION_ENDS = {
    "col": "大学|学院",
    "uni": "大学|学院",
    "sch": "学校|中学|小学|大学|学院",
    "ban": "银行",
    # a ministry or a commission is named as one (卫生健康委, 发改委, 商务部), not as 相关部门
    "min": "部(?![门分])|委(?!员)|委员会",
    "com": "委员会|委(?!员)",
}


def institution_ends(qn: str) -> str | None:
    """The name ends a which-question's institution must have (哪所大学 / which college ->
    大学|学院), or None when it asks for no such kind."""
    if ends := _INSTITUTION_KINDS.get(asked_head(qn) or ""):
        return ends
    m = _EN_INSTITUTION_KINDS.search(qn.lower())
    return _EN_INSTITUTION_ENDS[m.group(1)[:3]] if m else None


_ORG_END = re.compile(
    r"(?:公司|集团|大学|学院|医院|中心|委员会|政府|机构|协会|银行|研究院|法工委|发改委|部|局|厅|署|办|所)$"
)


# a name right before a title (金湘军省长, 经理汪勇 is caught by the tagger)
NAME_TITLE = re.compile(
    r"([\u4e00-\u9fff]{2,3}?)(?:省长|市长|县长|区长|书记|主任|董事长|总经理|部长|局长|厅长|主席|院士|教授|总书记)"
)


_PEOPLE = re.compile(
    r"[\u4e00-\u9fff]{1,6}(?:人口|人群|群众|人员|学生|儿童|老年人|居民|农民|职工|毕业生|个体工商户)"
)


def person_names(tags: tuple[tuple[str, str], ...]) -> list[str]:
    """Runs of jieba person tags (袁/nr 玉宇/nr -> 袁玉宇) that are not everyday words:
    jieba tags 文明 or 张扬 nr too, but an everyday word is frequent in its dictionary."""
    import jieba.posseg
    from jieba import dt

    tag_of = jieba.posseg.dt.word_tag_tab
    names, run, before = [], "", ""
    padded = (("", "x"), *tags, ("", "x"))
    for i, (w, f) in enumerate(padded):
        if f.startswith("nr"):
            if not run:
                before = padded[i - 1][1] if i else "x"
            run += w
            continue
        # a transliterated name the place word right after makes a place (科福里杜亚/nrt 市,
        # 铁尔梅/nr 兹市), and so does a country right before (意大利/ns 巴尔多利诺市)
        after = "".join(x for x, _ in padded[i : i + 4])
        place = r"[市县省州镇乡村区](?![长委])"
        near = rf"(?:[-－·‧][\u4e00-\u9fff]{{1,6}}?)?[\u4e00-\u9fff]?{place}"
        if run and (
            re.match(near, after)
            or (before == "ns" and re.match(rf"[\u4e00-\u9fff]{{0,3}}{place}", after))
        ):
            run = ""
            continue
        # a name's surname and first given character seldom make an everyday word: 施工图
        # (施工/vn) is a drawing, not Mr Shi; 尼玛琼拉 (尼玛/nrt) is a name
        head = run[:2]
        everyday_head = (
            len(run) >= 3 and dt.FREQ.get(head, 0) >= 100 and not tag_of.get(head, "nr")[:2] == "nr"
        )
        if len(run) >= 2 and dt.FREQ.get(run, 0) < 500 and not everyday_head:
            names.append(run)
        run = ""
    return names


def _office_named(norm: str) -> str | None:
    """The office whose holder's name is asked for (运城现在的市长叫什么名字 -> 市长): the noun
    before 叫 / 名字 when it is an office or a person (市长, 董事长, 负责人), by the heads the
    kinds are read from; None when the name asked is a thing's."""
    tags = [(w, f) for w, f in pos_tags(norm) if f != "x"]
    for i, (w, _) in enumerate(tags):
        if w in ("叫", "叫做", "名字", "姓名", "称呼"):
            before = [(x, f) for x, f in tags[:i] if f[:1] in ("n", "j") and x != "名字"]
            if not before:
                return None
            noun = before[-1][0]
            person = any(
                noun.endswith(h) and (len(h) >= 2 or h in ("长", "人")) and len(noun) >= 2
                for h, k in HEAD_KIND.items()
                if k == "person"
            )
            return noun if person else None
    return None


# nouns that name a document or its parts, not what it is about (那篇报道, 这部分)
DOC_NOUNS = tuple(
    "文章 报道 评论 报告 内容 部分 全文 本文 原文 版面 页面 文件 稿子 新闻 篇幅 结尾 开头 标题 结束语 报纸 本版 整版 这版".split()
)


def relation_words(q: Question) -> list[str]:
    """The words that say what relation a who/which/where/when question asks about, read from
    the tags around its interrogative: the noun before 是谁 (张虹的教练是谁 -> 教练), the verb
    after it (是谁主持的 -> 主持) and a noun it governs that is not just the kind's category
    (哪位部委领导 -> 部委). An answer about the subject that lacks them answers another
    relation. Category heads (公司, 城市, 领导 …) and the copula are not relation words."""
    if q.lang != "zh":
        return []
    tags = [(w, f) for w, f in pos_tags(q.norm) if f != "x"]
    if q.asked == "number":
        return _measured(tags) or _counted_doing(tags)
    if q.asked == "method":
        return _how_verb(tags)
    if q.asked not in ("person", "organisation", "place", "time"):
        return []
    out: list[str] = []
    for i, (w, f) in enumerate(tags):
        if f != "r" or not INTERROGATIVE.search(w) and w != "谁":
            continue
        # X的Y是谁 / X市长是谁: Y, the relation of the subject X asked about. A role (总经理,
        # 市长) is the relation here, though alone (哪位经理) it only names the kind
        if (
            i >= 3
            and tags[i - 1][0] in ("是", "为")
            and tags[i - 2][1][:1] in ("n", "v")
            and (tags[i - 3][0] == "的" or tags[i - 3][1][:1] in ("n", "j"))
        ):
            prev, pf = tags[i - 2]
            # 这篇评论是哪天发的: the document asked about is no relation
            if (
                pf[:2] not in ("nr", "ns", "nt")
                and len(prev) >= 2
                and prev != "个人"
                and prev not in DOC_NOUNS
            ):
                out.append(prev)
        # the word right after the interrogative, unless it only names the kind's category
        j = i + 1
        if j < len(tags):
            nxt, nf = tags[j]
            if (
                not _category(nxt)
                and nxt not in ("是", "为", "的", "在", "名字", "姓名", "名称", "称呼")
                and len(nxt) >= 2
            ):
                rest = "".join(x for x, _ in tags[j + 1 : j + 7])
                # 担任/当 + an office: the title before a name states who holds it (…人大常委会
                # 副主任尼玛琼拉), no verb needed; not when it was taken (哪一年当选…代表)
                if (
                    q.asked != "time"
                    and nf[:1] == "v"
                    and re.match(rf"[\u4e00-\u9fff]{{0,10}}?{_ROLE_END}", rest)
                ):
                    continue
                if nf[:1] in ("n", "v"):
                    out.append(nxt)
    return out


def relation_object(norm: str, word: str) -> str | None:
    """What a relation verb of the question makes or holds, the words right after it up to a
    particle or a stop (结成了友好合作伙伴 -> 友好合作伙伴): an answer naming it states the
    relation without the verb (7对友好合作伙伴为运城市与…). None for a noun or a short object."""
    i = norm.find(word)
    if i < 0 or not any(w == word and f[:1] == "v" for w, f in pos_tags(norm)):
        return None
    m = re.match(
        r"(?:了|过|着)?([\u4e00-\u9fff]{2,10}?)(?:的|了|吗|呢|啊|[?？，,。]|$)",
        norm[i + len(word) :],
    )
    if not m or re.search(r"谁|哪|什么|啥|几|多少|^是", m.group(1)):
        return None
    return m.group(1)


def stated_by_title(word: str, text: str) -> bool:
    """Where someone works (上班, 工作, 任职) is said by the title a sentence gives them
    (武汉顺衡速运有限公司江汉分部经理汪勇): no verb of working needed."""
    return word in ("上班", "工作", "任职", "就职", "供职") and bool(re.search(_ROLE_END, text))


_ROLE_END = "(?:主任|主席|书记|董事长|经理|委员|代表|部长|局长|市长|县长|省长|区长|院长|校长|专家)"


# the modal verbs (能愿动词) between 怎样 and the action asked about: 怎样才能让, 如何要
_MODALS = {"要", "能", "会", "可以", "应该", "应当", "需要", "去", "来", "才能", "才可以", "得"}


# reaching a goal (怎么实现 X: by whatever means X is reached) or responding to something
# (怎么对待提案: whatever is done with it) names no action of its own
_ACHIEVE = {"实现", "做到", "达到", "达成", "完成", "对待", "处理", "应对", "看待"}


def _how_verb(tags: list[tuple[str, str]]) -> list[str]:
    """The action a how-question asks about: the first verb after 怎么 / 怎样 / 如何, past
    adverbs and modal verbs (个体工商户怎样参保 -> 参保). A sentence
    that never says it (七是推动惠商保惠及个体工商户) tells of the thing, not how to do it."""
    for i, (w, _) in enumerate(tags):
        if w not in ("怎么", "怎样", "如何", "怎么样", "咋"):
            continue
        for nxt, nf in tags[i + 1 : i + 4]:
            if nxt in _MODALS or nf[:1] in ("d", "c", "p", "u"):
                continue
            # a one-character verb is mostly a light one (做, 办, 干, 搞) that names no action,
            # and so is reaching a goal (怎么实现 / 做到 X: by whatever means X is reached)
            if nf[:1] != "v" or len(nxt) < 2 or nxt in _ACHIEVE:
                return []
            # 编出来 / 建起来: the action is the verb before its direction (编制 says 编)
            stem = re.sub(r"(?:出来|起来|下来|上来|进来|过来|出去|下去)$", "", nxt)
            return [stem] if stem else []
        return []
    return []


# a word this frequent in jieba's dictionary is an everyday word (目标, 计划, 标准), not the
# name of a measured quantity (生产总值, 出口额, 灌溉面积)
EVERYDAY_FREQ = 5000
COMMON_WORD_FREQ = 1000  # a word used often enough to name no particular thing (乡村, 全市)


def _measured(tags: list[tuple[str, str]]) -> list[str]:
    """The quantity a how-much question measures: the noun right before (是)多少 in
    地区生产总值是多少 -> 生产总值. An answer with a number but not that quantity gives the
    number of something else. Everyday nouns (目标是多少) say too little to require."""
    from jieba import dt

    for i, (w, _f) in enumerate(tags):
        if not w.startswith(("多少", "几")):
            continue
        j = i - 1
        if j >= 0 and tags[j][0] in ("是", "为", "有", "达", "达到", "约", "大约", "共"):
            j -= 1
        if j >= 0 and tags[j][1] == "t":
            j -= 1  # 常住人口现在有多少: the quantity stands before the time said
        # 生产总值是多少 names it before; 交多少保费 right after, where no unit stands between
        around = [tags[j]] if j >= 0 else []
        if w in ("多少", "几") and i + 1 < len(tags):
            # right after 多少 a word is what is counted, whatever the tagger calls it (保费/v)
            nxt, nf = tags[i + 1]
            around.append((nxt, "n" if nf[:1] == "v" else nf))
        for word, f in around:
            if (
                f.startswith("n")
                and not f.startswith("nr")
                and len(word) >= 2
                and dt.FREQ.get(word, 0) < EVERYDAY_FREQ
                and not _category(word)
            ):
                return [word]
        return []
    return []


def _counted_doing(tags: list[tuple[str, str]]) -> list[str]:
    """What those counted do (多少人已经参加了社保 -> 社保): a count of the people or things
    doing something is not the count of them all (约有2亿人), so the answer must say what
    they do, by its object, or by its verb when it has none."""
    for i, (w, f) in enumerate(tags):
        if f != "m" or not w.startswith(("多少", "几")):
            continue
        k = i + 1
        if w in ("多少", "几") and k < len(tags) and len(tags[k][0]) == 1:
            k += 1  # the unit counted (人, 家)
        while k < len(tags) and tags[k][1][:1] == "d":
            k += 1  # 已经
        if k >= len(tags) or tags[k][1] != "v" or tags[k][0] in ("是", "有", "为", "在"):
            return []
        verb = tags[k][0]
        for x, g in tags[k + 1 : k + 4]:
            if g[:1] in ("n", "j") and not g.startswith("nr") and len(x) >= 2:
                return [x]
        return [verb] if len(verb) >= 2 else []
    return []


def asked_noun(norm: str) -> str | None:
    return _asked_noun(norm)[0]


def noun_modifier(norm: str) -> str | None:
    """The word before the head asked_noun finds (作为 of 哪些作为方面的问题): items may be
    kinds of it (不作为、慢作为), the head only naming the sort (方面)."""
    return _asked_noun(norm)[1]


@functools.lru_cache(maxsize=4096)
def _asked_noun(norm: str) -> tuple[str | None, str | None]:
    """The word a which-question's answer must hold: the head of the noun 哪些/哪个 governs
    (有哪些合作项目 -> 项目, 哪个厅局 -> 厅局). A list of something else (the note's
    partner cities) does not answer it. None for an everyday noun alone (哪些地方, 哪些内容)
    and for 哪句, whose answer is the quotation itself."""
    from jieba import dt

    tags = [(w, f) for w, f in pos_tags(norm) if f != "x"]
    for i, (w, f) in enumerate(tags):
        what = w in ("什么", "啥")  # 什么工作法: only a specific noun, not 什么职务 or 什么意思
        if f != "r" or not ("哪" in w or what) or re.search(r"哪(?:里|儿|句)", w):
            continue
        run: list[tuple[str, str]] = []
        for nxt, nf in tags[i + 1 : i + 6]:
            if not run and (nf in ("m", "q", "a", "ad", "u", "uj", "d", "b") or nxt in "一些所句"):
                if nxt.endswith("句"):
                    return None, None
                continue
            nominal = nf[:1] in ("n", "j") or nf == "vn"
            if nf.startswith(("nr", "ns", "nt")) or not (nominal or nf == "v"):
                break
            if nf == "v" and any(f != "v" for _, f in run):
                break  # a verb after the noun starts the predicate: 哪些地方/做调研
            run.append((nxt, nf))  # a verb before it modifies it (种植/v 技术/n)
        while run and run[-1][1] == "v":
            run.pop()  # the head is a noun
        if not run:
            return None, None
        words = [x for x, _ in run]
        head = words[-1] if len(words[-1]) >= 2 else "".join(words[-2:])
        mod = words[-2] if len(words) >= 2 and len(words[-2]) >= 2 else None
        if len(head) == 1 and re.search(r"[一二两三四五六七八九十\d]", norm[norm.find(w) :][:6]):
            return head, None  # 哪四账: a counted one-character noun is named by each item (…账)
        # 指哪些指标 asks what a term means: its definition need not say 指标
        if i and tags[i - 1][0] in ("指", "是", "即", "叫", "指的是"):
            return None, None
        if what and (len(words) < 2 or len(words[-1]) >= 2):
            return (
                None,
                None,
            )  # 什么 + a word of its own (什么职务, 什么措施) asks for a description
        if len(head) < 2 or (len(run) == 1 and dt.FREQ.get(head, 0) >= EVERYDAY_FREQ):
            return None, None
        # 合作项目 -> 项目: a long word's head is its last two characters
        return (head[-2:] if len(head) >= 4 else head), mod
    return None, None


def _counted_subject(norm: str, at: int) -> str | None:
    """The head noun of the subject a bare count asks the items of (三个一号旅游公路分别是哪
    三条 -> 公路): the last noun before (分别/都)是哪…, two characters or more."""
    m = re.search(r"(?:分别|都|各)?是$", norm[:at])
    if not m:
        return None
    nouns = [w for w, f in pos_tags(norm[: m.start()]) if f[:1] == "n" and len(w) >= 2]
    return nouns[-1][-2:] if nouns else None


def listed_noun(norm: str) -> str | None:
    """The noun a list question counts, however everyday (哪几种政府 -> 政府, 有哪些园区 ->
    园区): what each item of the answer is a kind of. None when 哪些/哪几 governs no noun."""
    m = re.search(r"哪(?:几|些)(?:种|类|个|项|大|家|所|座|条)?([\u4e00-\u9fff]{2,8})", norm)
    if not m:
        return None
    head = None
    for w, f in pos_tags(m.group(1)):
        # a verbal noun heads a list too (哪些监督/vn)
        if (f[:1] not in ("n", "j") and f != "vn") or w in QUESTION_WORDS:
            break
        head = w
    return head if head and len(head) >= 2 else None


def _category(word: str) -> bool:
    """A word that only names a kind of answer (公司, 城市, 政协委员, 快递集团 …), or the side
    of the border a place lies on (哪个外国城市: an Italian city is one; no text says 外国)."""
    return word in _SIDES or any(
        word.endswith(h) for h in HEAD_KIND if len(h) >= 2 or len(word) <= 2
    )


_SIDES = {"外国", "国外", "境外", "海外", "国内", "境内", "省外", "省内", "市外", "市内"}


_QUOTED_TERM = re.compile(r"[“「‘\"][^”」’\"]{1,12}[”」’\"]")


_DEFINING = re.compile(
    r"[\u4e00-\u9fffa-z0-9]{0,4}?(?:[：:（(]|——|是|指|即|就是|意思|包括|为|，(?:即|是指|也就是))"
)


_FRAMED_BY_TEXT = re.compile(r"(?:说|讲|提|提到|提出|写|所说)的$")


# the text a question says it asks about (政府工作报告里提的…, 文章中说的…): every sentence of
# that text is "in the report", so these words pick no sentence
_SOURCE_FRAME = re.compile(
    r"^[\u4e00-\u9fff]{0,8}?(?:"
    + "|".join(DOC_NOUNS)
    + r")(?:里面|里|中|上)(?:提到|提出|提|说|讲|写|所说)?的?"
)


def source_frame(norm: str) -> str:
    """The opening words that only name the text asked about (政府工作报告里提的), or ""."""
    m = _SOURCE_FRAME.match(norm)
    return m.group(0) if m and len(m.group(0)) < len(norm) - 2 else ""


def defined_terms(q: Question) -> list[str]:
    """What a definition question asks to be defined: the quoted phrase it opens with, else
    its topic. A term asked inside something else (三大灌区中的“夹马口”是什么: the second of
    a list) is answered by naming it, not by a definition."""
    m = _QUOTED_TERM.match(q.text.strip())
    # 报告里说的“第一议题”制度: a term named as something a text says is the term asked
    m = m or (
        (f := _QUOTED_TERM.search(q.text)) and _FRAMED_BY_TEXT.search(q.text[: f.start()]) and f
    )
    if m:
        t = normalize(m.group(0))
        return [t] if len(t) >= 2 else []
    if _QUOTED_TERM.search(q.text):
        return []
    topic = normalize(q.topic)
    return [topic] if 2 <= len(topic) <= 12 and CJK.search(topic) else []


def _expands(abbrev: str, text: str, n: int) -> bool:
    """`text` says what a numbered abbreviation stands for: it defines it (“三率”即…, or a
    longer term holding it, “三率三度”：…), or enumerates n items ending in its last character
    (签约开工率、开工投产率、投产达效率 for 三率)."""
    longer = [m.group(1) for m in re.finditer(r"“([^”]{2,12})”", text) if abbrev in m.group(1)]
    if any(defines(t, text) for t in [abbrev, *longer]):
        return True
    # a numbered term of that numeral glossed where it stands in quotation marks (“五率”指资产
    # 负债率、…; “四菜”即黄河大鲤鱼、…), however the question words it (五率都有哪些, 四道菜)
    # (the text comes normalised: the quotation marks may be gone)
    glossed = (
        rf"(?:^|[;；。，,:：\s“\"「]){abbrev[0]}[\u4e00-\u9fff]{{1,3}}?[”\"」]?\s*"
        r"(?:即|是|指|为|包括|[:：])"
    )
    if re.search(glossed, text):
        return True
    for clause in re.split(r"[；;。，,：:]", text):
        items = re.split(r"、|[和及与](?=[^、]*$)", clause)
        if sum(i.strip('“”"').endswith(abbrev[-1]) for i in items) >= n:
            return True
    return False


def defines(term: str, text: str) -> bool:
    """Whether `text` (normalised) defines `term` at some place it names it: the sentence opens
    with the term, or a colon, copula (是, 指, 即, 为) or gloss follows it within a few
    characters (“三化三制”改革：…)."""
    for m in re.finditer(re.escape(term), text):
        if text[: m.start()].strip(" “”\"'「」") == "" or _DEFINING.match(text, m.end()):
            return True
    return False


def _new(token: str, question_norm: str) -> bool:
    """Whether a value found in an answer says something the question does not: not written
    in the question, and not a longer name of something the question names (武汉顺衡速运有限
    公司 when it asks about 顺衡速运: four Chinese characters in a row are a name's core)."""
    t = normalize(token)
    if t in question_norm:
        return False
    # a category the question names at the name's end (…中成药消费品特色园区 for 哪些园区入选
    # 消费品特色园区) makes a new member of it, not the same thing: look before it
    for cut in range(1, len(t) - 1):  # the longest such ending
        if t[cut:] in question_norm:
            t = t[:cut]
            break
    return not any(
        HAN_RUN.fullmatch(t[i : i + 4]) and t[i : i + 4] in question_norm for i in range(len(t) - 3)
    )


_NAME_PARTS = ("n", "ns", "nz", "nt", "nr", "nrt", "j", "a", "b", "l", "vn")


def _names_own(name: str, tags, text: str = "") -> bool:
    """A name holds a proper name of its own: a place, a person, a brand (tagged ns, nr, nz,
    nt; Latin letters; an abbreviation) or a word rare in jieba's dictionary (运城, 迈普,
    红十字会: the tagger calls 运城 a plain noun), unlike a kind of body described
    (在线旅游代理机构: every word an everyday one)."""
    from jieba import dt

    if re.search(r"(?:国家|中央|全国|省|市|县|区)[\u4e00-\u9fff]{0,6}" + re.escape(name), text):
        return True  # a level of government opens an official body's name (国家卫生健康委员会)
    return any(
        f[:2] in ("ns", "nr", "nz", "nt")
        or f in ("eng", "j")
        or (len(w) >= 2 and dt.FREQ.get(w, 0) < RARE_FREQ)
        for w, f in tags
        if w in name
    )


# a word this rare in jieba's dictionary is a name more than a common word (运城 70, 迈普 0)
RARE_FREQ = 300


def _with_modifiers(tags) -> list[tuple[str, str, str]]:
    """Each tagged word with the run of name-like words it ends (武汉/ns 顺衡/a 速运/n
    有限公司/n -> 武汉顺衡速运有限公司): the tagger splits a name, the check reads it whole."""
    out, run = [], ""
    for w, f in tags:
        run = run + w if f in _NAME_PARTS else ""
        out.append((w, f, run or w))
    return out


# how fine a date the question asks for: a day (几号, what date), a month, a year; the
# answer must hold a date of that grain (2025年1月 does not say which day)
_GRAIN_ASK = (
    (
        "day",
        re.compile(r"几号|几日|哪天|哪一天|哪日|哪个日子|\bwhat date\b|\b(?:what|which) day\b"),
    ),
    ("month", re.compile(r"几月|哪个月|哪一个月|\b(?:what|which) month\b")),
    ("year", re.compile(r"哪一?年|何年|\b(?:what|which) year\b")),
    # how long something took or lasts: a span (不到一个月), not a date (2025年1月)
    ("duration", re.compile(r"多久|多长时间|多长的时间|\bhow long\b")),
)
_GRAIN = {
    "day": re.compile(
        r"\d{1,2}\s*[日号]|[一二三四五六七八九十]{1,3}[日号]|当天|当日|今天|昨天|次日"
    ),
    "month": re.compile(
        r"\d{1,2}\s*月|[一二三四五六七八九十]{1,2}月|年底|年初|年末|月底|月初|年中"
    ),
    "year": re.compile(
        r"\d{2,4}\s*年|[〇零一二三四五六七八九]{2,4}年|今年|去年|明年|前年|\b(?:19|20)\d{2}\b"
    ),
    "duration": re.compile(
        r"(?<!\d)(?:\d{1,3}|[一二三四五六七八九十两几半多]+)\s*(?:个多?\s*月|个?半?\s*月(?:时间|之内|内)"
        r"|天|周年|周|个?星期|个?小时|分钟|年)|多年|数年|数月|数日"
    ),
}


# asking for words a person said (哪句话, 说了一句什么话, 原话); their answer is a
# quotation: an utterance in quotation marks, a clause or more (not a quoted term)
# 哪句话 / 那句鼓劲的话 / 一句啥话: the words someone said
_QUOTE_ASK = re.compile(
    r"哪[一两几]?句|句什么|什么话|什么口号|原话|[那这一]句[\u4e00-\u9fff]{0,4}?话"
)
_UTTERANCE = re.compile(r"[“\"「](?=[^”\"」]*[，,。！!？?…；])[^”\"」]{6,}[”\"」]")

# asking what a proposal says (带了什么提案, 建议的具体内容, 提案标题叫什么): the answer must
# say it, as 关于…的建议 or as what is proposed after the verb (建议加快…), not only that one
# was made (形成相关建议)
_PROPOSAL_ASK = re.compile(
    r"(?:什么|啥|哪些|哪个)(?:样的)?(?:具体)?(?:提案|建议|议案|提议)|"
    # 简述她提出的具体建议: the proposal itself, asked as a summary
    r"(?:简述|介绍|说说|讲讲|概括)[^，。？?]{0,24}(?:提出|提交|带来)的(?:具体)?(?:提案|建议|议案)|"
    r"(?:提案|建议|议案|提议)[^，。？?]{0,6}(?:内容|标题|题目|是什么|是啥|说了什么|说了啥)"
)
_PROPOSAL_SAID = re.compile(
    r"关于[\u4e00-\u9fff“”、]{2,30}?的(?:提案|建议|议案)|"
    r"(?:建议|提议|呼吁|提案)[，,:：]?(?:要|应|应当|把|将|对|在|从|尽快|加快|推动|推进|加强|建立|完善|提高|扩大|增加|出台|设立|鼓励|支持)"
)

# the line before or after one the question quotes (下一句, 下半句, 上一句, 前一句是什么)
_ADJACENT = re.compile(r"(?:的)?(下|后|上|前)(?:一|半|面的?一?)?句")
_LINE_QUOTED = re.compile(r"[“「‘\"]([^”」’\"]{4,40})[”」’\"]")


def held_line(line: str, text: str) -> tuple[int, int] | None:
    """Where `text` holds the quoted line: (start, length) of the line's longest ending of
    four characters or more that it holds (the line may carry words of the question before
    it: 报告里一跃龙门天地开), or None."""
    for k in range(len(line), 3, -1):
        if (at := text.find(line[-k:])) >= 0:
            return at, k
    return None


def line_beside(line: str, step: int, text: str) -> str | None:
    """The text on the side asked (step +1 after, -1 before) of the line `text` holds, or
    None when it does not hold the line."""
    if (held := held_line(line, text)) is None:
        return None
    at, k = held
    return text[at + k :] if step > 0 else text[:at]


def adjacent_line(text: str) -> tuple[str, int] | None:
    """The quoted line and the direction (+1 next, -1 before) a question asks the line
    next to, or None: a question about a line of verse or a slogan quotes one half and asks
    the other (“一跃龙门天地开”下一句是啥). Unquoted, the words before 下一句 are the line."""
    m = _ADJACENT.search(text)
    if not m:
        return None
    step = 1 if m.group(1) in "下后" else -1
    quoted = _LINE_QUOTED.findall(text[: m.start()])
    if quoted:
        return normalize(quoted[-1]), step
    before = normalize(text[: m.start()])
    return (
        (before, step)
        if len(CJK.findall(before)) >= 4 and not INTERROGATIVE.search(before)
        else None
    )


# verbs of going somewhere: their object is a place (走进安置点, 来到社区, 前往医院)
_GOING = set("走进 来到 前往 到达 抵达 赶赴 奔赴 走访 深入 进入 去 到 赴".split())

_CALENDAR = re.compile(r"[年月日号天周季春夏秋冬节旬晨晚午夜时分秒\d一二三四五六七八九十]")


def time_grain(norm: str) -> str | None:
    """The grain of date asked for (day, month, year), or None."""
    return next((g for g, rx in _GRAIN_ASK if rx.search(norm)), None)


# asking what someone is (职务, 身份, 是做什么的; position, job)
_ROLE_ASK = re.compile(
    r"职务|身份|职位|头衔|担任什么|担任何|是做什么|做什么工作|干什么工作|\b(?:position|job|title|role)\b"
)


def titled(name: str, text: str) -> bool:
    """Whether `text` gives `name` a title: a noun right before the name (…人大常委会副主任
    尼玛琼拉, 董事长袁玉宇), the way a news story introduces a person."""
    t = normalize(text)
    n = normalize(name)
    for m in re.finditer(re.escape(n), t):
        before = pos_tags(t[max(0, m.start() - 8) : m.start()])
        # a title is a noun phrase (主任/n, 副主任/b, 首席专家/l), not a verb, particle,
        # pronoun or punctuation (关心汪勇, 我的袁玉宇, 出发前,尼玛琼拉)
        if before and before[-1][1][:1] in ("n", "b", "j", "l") and len(before[-1][0]) >= 2:
            return True
    return False


# why a thing is called what it is called (为啥叫…, 为什么取名…) …
_NAMING_ASKED = re.compile(r"(?:为什么|为啥|为何)(?:要|会)?(?:叫|称|取名|命名|起名|名为)")
# … is answered by where its name comes from
_NAME_ORIGIN = re.compile(
    r"得名|命名|取名|起名|名字|名称|之称|故称|故名|(?:所以|因此|因而|才)(?:叫|称)"
)
_WHY = re.compile(r"(?:为什么|为啥|为何|干嘛|凭什么)(?:说|要(?!求)|会|能|得|是)?(.+)")
# verbs of demanding or calling for: what follows is the thing demanded
_DEMANDING = {"要求", "提出", "强调", "号召", "鼓励", "主张", "提倡", "倡导"}
_MODAL = {"要", "需要", "会", "能", "能够", "应该", "应当", "必须", "得", "偏偏", "非得"}
# a clause that sets the circumstance a statement answers to (当前，…，迫切需要…) or the
# purpose it serves (严控一般性支出，把有限的财力用在…): function words, not topic words
_CIRCUMSTANCE = re.compile(r"^(?:当前|面对|随着|鉴于|在[^，,]{2,20}(?:下|中|背景))")
_PURPOSE = re.compile(r"^(?:把|将|让|使|为|以)")


def _why_words(q: Question) -> tuple[list[str], str] | None:
    """What a Chinese why-question asks the why of, as content words (为什么要严控一般性支出
    -> 严控, 一般性, 支出), without its glossary terms, the modal (要, 需要, 能) and the verb
    done to a term (发展/搞/推进 源网荷储); and the question before its why-word."""
    m = _WHY.search(q.norm)
    if q.lang != "zh" or not m:
        return None
    pred = re.sub(r"[?？。!！呢吗啊呀]+$", "", m.group(1))
    for t in q.terms:
        pred = pred.replace(t, "，")
    tags = pos_tags(pred)
    if len(tags) > 2 and tags[0][0] in _DEMANDING:
        # 为啥要求政府习惯过紧日子: why the thing demanded, which the text states without
        # the demand or whom it is addressed to (习惯过紧日子，…)
        tags = tags[2:] if tags[1][1][:1] in "nrj" else tags[1:]
    words = []
    for i, (w, f) in enumerate(tags):
        nxt = tags[i + 1][0] if i + 1 < len(tags) else ""
        if f[:1] not in "nvaijl" or w in _MODAL or w in QUESTION_WORDS:
            continue
        if q.terms and f[:1] == "v" and nxt == "，":
            continue
        words.append(w)
    return words, q.norm[: m.start()]


def _reason_stated(q: Question, answer: str) -> bool:
    """Whether `answer` gives the why of a why-question that names no cause word: every
    content word of what is asked about is in one of its sentences, which sets that statement
    in a circumstance before it (当前，…，迫切需要进一步凝心聚力) or a purpose after it (严控
    一般性支出，把有限的财力用在紧要处). A content word the answer lacks (为啥…选了关公羊汤:
    选) means it does not speak to that why; a sentence that only restates the fact asked
    about does not say why either."""
    got = _why_words(q)
    if not got or not got[0]:
        return False
    words = got[0]
    for sent in re.split(r"[。！？!?；;]", normalize(answer)):
        if not all(w in sent for w in words):
            continue
        # 为什么说法宝是一样的 asks the grounds of a claim: the sentence making it and then
        # spelling it out after a colon (制胜的法宝都是一条:集众智、汇众力) gives them
        if re.search(r"(?:为什么|为何|为啥)说", q.norm) and re.search(r"[:：].{4,}", sent):
            return True
        clauses = [c for c in re.split(r"[，,：:]", sent) if c]
        at = next((i for i, c in enumerate(clauses) if words[0] in c), 0)
        if any(_CIRCUMSTANCE.search(c) for c in clauses[:at]) or any(
            _PURPOSE.search(c) for c in clauses[at + 1 :]
        ):
            return True
    return False


def reason_of_term(q: Question, definition: str) -> bool:
    """Whether the glossary note of the term a why-question asks about answers it: the
    question asks why the term itself (为什么要发展源网荷储这种电力运行模式 - what the term
    is and does is the note), so whatever else it names must be in the note's defining
    clause (新型电力运行模式), and it names no element of the note before its why-word
    (中条山牛肉为什么能入选四菜一汤一饼 asks about one of the note's items, 晋创谷为什么
    首批只在6个市挂牌运营 about a fact the note states, not why the term exists)."""
    got = _why_words(q)
    if not got:
        return False
    words, before = got
    text = normalize(definition)
    head = re.split(r"[，,。；;]", re.split(r"[：:]", text, maxsplit=1)[-1])[0]
    for t in q.terms:
        before = before.replace(t, "，")
    if any(f[:1] in "nvj" and len(w) >= 2 and w in text for w, f in pos_tags(before)):
        return False
    return all(w in head for w in words)


# measure words (量词) a count puts between its number and its noun (多少台, 几家)
CLASSIFIERS = set("个家项件所名位座条种台部处场批对")


# asking the exact spot (具体位置, 具体地址, 在什么位置): a place below a city's level answers
_SPOT_ASKED = re.compile(
    r"具体.{0,6}(?:位置|地址|地点|哪里|哪儿|在哪)|(?:什么|哪个)(?:位置|地址|地点)"
)
_SPOT = re.compile(
    r"[\u4e00-\u9fff]{1,8}(?:县|区|镇|乡|村|街道|路|街|园区|产业园|号|大厦|广场|中心|基地)"
)


_LOCATIVE = re.compile(r"位于|设在|建在|落户|坐落|入驻|落地|选址|在")


def _peers_of_named_places(question: str, text: str) -> set[str]:
    """Places listed side by side with a place the question names (太原、大同、…、运城 6市
    for 晋创谷在运城建在哪): its peers, not where in it something is."""
    out: set[str] = set()
    if re.search(r"除了|除.{1,8}[外之]|还有哪|其他|其它|另外|哪些", question):
        return out  # 除了运城还有哪些城市: the peers are what is asked
    for run in re.findall(r"[^，。；：,;:！？]*、[^，。；：,;:！？]*", text):
        items = run.split("、")
        # an item the question names (the tagger may not call 运城 a place here)
        if any(2 <= len(item) <= 4 and item in question for item in items):
            out |= {w for item in items for w, f in pos_tags(item) if f == "ns"}
    return out


def _opens_name(place: str, text: str) -> bool:
    """Whether every mention of `place` in `text` opens an organisation's name (广州迈普再生
    医学科技股份有限公司): there it says whose the body is, not where anything happens."""
    spots = [m.start() for m in re.finditer(re.escape(place), text)]
    return bool(spots) and all(
        re.match(
            rf"{re.escape(place)}[\u4e00-\u9fff]{{1,14}}?(?:有限公司|公司|集团|大学|医院|研究院|银行)",
            text[i:],
        )
        for i in spots
    )


def _one_of_listed(q: Question, answer: str) -> bool:
    """Whether the question asks about one item the answer only lists among others (煤电机组
    的灵活性改造要怎么改 — …供热改造和灵活性改造…): a list names it, it does not say how or why."""
    text = normalize(answer)
    for clause in re.split(r"[，,。；;：:]", text):
        items = [x for x in re.split(r"、|和|及|与", clause) if x]
        if len(items) < 3:
            continue
        for item in items[1:]:  # the first carries the clause's opening words
            for n in range(len(item), 3, -1):
                if item[:n] in q.norm:
                    return True
    return False


_MENTIONING = {
    "提到",
    "提及",
    "提",
    "说",
    "讲",
    "写",
    "写到",
    "涉及",
    "包括",
    "提出",
    "说到",
    "讲到",
}


# A-not-A questions the tagger may cut in two (能/不能, 可不/可以)
_A_NOT_A = re.compile(
    r"有没有|是不是|能不能|会不会|要不要|可不可以|可以不可以|给不给|让不让|用不用"
)


def yesno_verb(q: Question) -> str | None:
    """The predicate a Chinese yes/no question asks about: the verb before 了没 / 没有 / 吗
    (完成了没 -> 完成, 是免费的吗 -> 免费) or after 有没有 / 是不是 / 是否 (有没有入选 -> 入选);
    None for the copula alone or a one-character verb."""
    if q.lang != "zh":
        return None
    if m := _A_NOT_A.search(q.norm):
        # 能不能免房租: the tagger cuts 能/不能; what follows the A-not-A is the predicate,
        # a one-character verb with its object (免 + 房租)
        rest = [(w, f) for w, f in pos_tags(q.norm[m.end() :]) if f != "x"]
        for i, (w, f) in enumerate(rest):
            # a word after an adverb is a predicate whatever the tagger calls it (已经/d 上市/ns)
            after_adverb = i > 0 and rest[i - 1][1] == "d" and f[:1] in ("n", "v", "a")
            if (f[:1] in ("v", "a") or after_adverb) and w not in _MENTIONING and w not in _MODAL:
                if len(w) >= 2:
                    return w
                obj = rest[i + 1] if i + 1 < len(rest) else None
                return w + obj[0] if obj and obj[1][:1] == "n" and len(obj[0]) >= 2 else None
    tags = [(w, f) for w, f in pos_tags(q.norm) if f != "x"]
    asks = {"没", "没有", "吗", "么", "与否", "没呢"}
    for i, (w, _f) in enumerate(tags):
        if w in ("有没有", "是不是", "是否", "能否", "会不会", "能不能", "要不要"):
            # past a verb of mentioning (有没有提到要加快…: the document's, not the question's)
            nxt = next(
                (
                    (x, g)
                    for x, g in tags[i + 1 :]
                    if g[:1] in ("v", "a") and x not in _MENTIONING and x not in _MODAL
                ),
                None,
            )
            if nxt and len(nxt[0]) >= 2:
                return nxt[0]
        if w in asks:
            j = i - 1
            while j >= 0 and tags[j][1] in ("ul", "uj", "y", "d"):
                j -= 1  # 完成/v 了/ul 没 ; 免费/vn 的/uj 吗
            # a word after an adverb is a predicate whatever the tagger calls it (已经/d 上市/ns)
            verb = j >= 0 and (tags[j][1][:1] in ("v", "a") or (j and tags[j - 1][1] == "d"))
            if verb and len(tags[j][0]) >= 2:
                return tags[j][0] if tags[j][0] not in ("是不是", "有没有") else None
    return None


def _counted_noun(norm: str, unit: str) -> str | None:
    """The nouns a count in `unit` counts (多少家企业 -> 企业, 几个项目 -> 项目), when the
    question names one of two or more characters right after the unit."""
    if unit not in CLASSIFIERS:
        return None  # a measure (多少公斤粮食) measures stuff a clause need not name again
    m = re.search(rf"(?:多少|几)\s*{re.escape(unit)}\s*([\u4e00-\u9fff]{{2,8}})", norm)
    if not m:
        return None
    run = ""
    for w, f in pos_tags(m.group(1)):
        if f[:1] != "n" or w in QUESTION_WORDS:
            break
        run += w  # the run of nouns (高龄人员, 专项配套政策): a clause names it by any pair
    return run if len(run) >= 2 else None


def _names_counted(noun: str, clause: str) -> bool:
    """The clause names what is counted: the noun, or a character pair of it (高龄老人 ->
    2万名高龄人群), but not another thing (企业 -> 5家园区)."""
    return noun in clause or any(noun[i : i + 2] in clause for i in range(len(noun) - 1))


def _clause_at(text: str, i: int) -> str:
    """The clause of `text` around position i and the clause before it in the same sentence
    (“N”是专项配套政策，首批推出…项 counts the policies named a clause before)."""
    stops = "，,。；;：:！？!?"
    a = max(text.rfind(c, 0, i) for c in stops)
    if a > 0 and text[a] in "，,":
        a = max(text.rfind(c, 0, a) for c in stops)
    a += 1
    b = min((j for j in (text.find(c, i) for c in stops) if j >= 0), default=len(text))
    return text[a:b]


# what a demand or a rule is about: 对住房面积有什么要求, 对小麦品种提出了哪些规定
_ASPECT = re.compile(
    r"对([\u4e00-\u9fff]{2,10}?)(?:有|提出了?|作了?|做了?)(?:什么|哪些|啥)(?:要求|规定|限制|标准|条件)"
)
_WHAT_IT_IS = {"性质", "本质", "内涵", "含义", "概念", "定义", "意思", "意义", "定位"}
# the aspect two things are compared on (在入驻企业数量上相比, 在资金方面有何不同)
_COMPARED_ASPECT = re.compile(
    r"在([\u4e00-\u9fff、]{2,16}?)(?:上|方面|层面)(?:相比|比较|对比|有(?:什么|何|哪些|啥)?"
    r"(?:区别|不同|差别|差异|异同))"
)
# a claim of rank a yes/no question makes (全省第一个, 首家, 唯一): the answer must make it too
_RANK_CLAIM = re.compile(r"第一[个家批座所]?|首[个家批座]|唯一|最早|最先|率先")
# which of two has more of a quality (哪个更好吃, 谁的规模更大, 哪一个最强)
_DEGREE = re.compile(
    r"(?:哪个|哪一个|哪种|哪家|哪样|哪边|哪一边|谁)[\u4e00-\u9fff]{0,6}?[更最](?!新|加)[\u4e00-\u9fff]"
    # 哪个规模大一些: a quality and "a little more"
    r"|(?:哪个|哪一个|哪种|哪家)[\u4e00-\u9fff]{1,6}?(?:一些|一点)"
    # 跟河南比，哪边亩产高: which side has more of it
    r"|(?:哪边|哪一边)[\u4e00-\u9fff]{0,6}?(?:高|低|大|小|多|少|强|弱|好|快|慢)"
)
# what says one has more than the other: a comparative, or a figure for each side
_COMPARATIVE = re.compile(r"比|更|最|高于|低于|超过|多于|少于|不如|领先|居首|第一")


def _states_degree(answer: str) -> bool:
    """哪个更好吃 is answered by a sentence that compares (比/更/最…), or that gives each side
    a figure for the reader to compare (招聘…5000人…招募…3000人); naming both is no answer."""
    return bool(_COMPARATIVE.search(answer)) or len(re.findall(r"\d+(?:\.\d+)?", answer)) >= 2


# asking how much there is now, as opposed to what is planned (现在/目前/实际/已经 …)
_ACTUAL_ASKED = re.compile(
    r"现在|目前|实际|如今|眼下|已经|截至目前|\b(?:so far|currently|now|actually|to date|at present)\b"
)
# a figure set as a target or a plan
_PLANNED = re.compile(r"指标|目标|规划|计划|力争|预计|确保")
# a figure reached: said to be so now, or so far
_ACHIEVED = re.compile(r"已|截至|累计|现有|目前|现在|实际|达到了")


def _for_what(qn: str, answer: str) -> bool:
    """为什么再添一把火 may ask "for what", not "why": the answer then says 为 + the thing + the
    question's words after 为什么 (为我国“冰雪热”再添“一把火”), the preposition the question
    asked with 什么."""
    m = re.search(r"为(?:什么|啥)([\u4e00-\u9fff]{2})", qn)
    return bool(m) and bool(
        re.search(rf"为[^，。；,;!！?？]{{1,12}}?{m.group(1)}", normalize(answer, keep_quotes=True))
    )


def answer_holds_kind(q: Question, answer: str, context: str = "") -> bool:
    """Whether `answer` holds a value of the kind `q` asks for that the question does not
    already hold. Kinds without a value type (definition, list …) always hold. `context` is
    the paragraph the answer is quoted from: a person it names may be titled there (全国政协
    委员…尼玛琼拉 a sentence before 尼玛琼拉又专程走进安置点)."""
    kind = q.asked
    if q.flags.get("degree") and not _states_degree(answer):
        return False
    if (aspect := q.flags.get("aspect")) and not all(a in normalize(answer) for a in aspect):
        return False
    if adjacent := q.flags.get("adjacent"):
        # the line next to a quoted one: the answer holds the line (its last four characters
        # at least) and a line on the side asked
        beside = line_beside(*adjacent, normalize(answer))
        return beside is not None and len(CJK.findall(beside)) >= 4
    if q.flags.get("proposal") and not _PROPOSAL_SAID.search(normalize(answer)):
        return False  # 她带了什么提案: a sentence saying she formed 相关建议 names none of it
    if name := q.flags.get("role"):
        return titled(name, answer)
    if q.flags.get("quote") and not _UTTERANCE.search(answer):
        return False  # 哪句话 / 说了什么话: the answer is the quotation itself
    if kind in ("list", "fact") and (noun := q.flags.get("noun")):
        text = normalize(answer)
        # items named by their own heads count too: 哪三种能力 -> 判断力、领悟力、执行力
        items = [x.strip("“”\"' ") for x in re.split(r"[、，,；;。]|和|及|与", text)]
        mod = q.flags.get("noun_mod")
        headed = (
            sum(x.endswith(noun[-1]) or bool(mod and x.endswith(mod)) for x in items if len(x) >= 2)
            >= 2
        )
        # a counted one-character noun (哪四精) is no word of its own: the items end with it,
        # or the count and noun introduce them (“四菜”即…), not a name that holds it (四精四账)
        said = (
            bool(
                re.search(
                    rf"[一二两三四五六七八九十\d]{re.escape(noun)}[”\"]?(?:即|是|指|包括|[：:])",
                    text,
                )
            )
            if len(noun) == 1
            else noun in text
        )
        if not said and not headed:
            return False
    if kind == "list" and q.flags.get("count"):
        n = q.flags["count"]
        # 用好“四精四账”工作法,抓紧明确细化目标、责任单位…: not what 四精 is; a note's
        # definition quoted without its term (义务教育、基本医疗、…) is glossed by the note
        if (ab := q.flags.get("abbrev")) and not any(
            _expands(ab, normalize(t), n) for t in (answer, context) if t
        ):
            return False
        return enumerated(answer) >= n
    if kind == "definition" and q.lang == "zh":
        text = normalize(answer)
        # the sentence must define the term where it names it, not only use it
        # (用好“四精四账”工作法 names the method without saying what it is); a quotation that
        # opens with the term and goes on gives its full form (“上情下达、下情上传……”机制)
        return all(
            defines(t, text)
            or re.search(rf"[“\"「]{re.escape(t)}[^”\"」]", normalize(answer, keep_quotes=True))
            for t in defined_terms(q)
            if t in text
        )
    if (
        kind == "yesno"
        and (verb := yesno_verb(q))
        and verb not in normalize(answer)
        and not ((o := relation_object(q.norm, verb)) and o in normalize(answer))
    ):
        return False  # 这个指标完成了没: an answer that does not say 完成 says neither yes nor no
    if (
        kind == "yesno"
        and (rank := _RANK_CLAIM.search(q.norm))
        and rank.group(0) not in normalize(answer)
    ):
        return False  # 是全省第一个挂牌的吗: a sentence that gives no rank says neither yes nor no
    if kind not in (*TYPED, "reason", "method"):
        return True
    qn = q.norm
    if kind == "place" and _SPOT_ASKED.search(qn):
        # 具体建在哪个位置 / 哪个园区: a spot within the places named, not a city or a province,
        # said to be where the thing is (位于/设在…), not only listed (“三园”即…园区)
        plain = normalize(answer)
        return any(
            _new(m.group(0), qn) and _LOCATIVE.search(plain[max(0, m.start() - 16) : m.start()])
            for m in _SPOT.finditer(plain)
        )
    if kind in ("organisation", "place") and (noun := governed_noun(qn)):
        # 哪个园区 asks for a park: the answer must name one (…园区) the question does not
        return any(
            _new(m.group(0), qn)
            for m in re.finditer(
                rf"[\u4e00-\u9fffA-Za-z0-9]{{2,}}?{re.escape(noun)}", normalize(answer)
            )
        )
    # a short phrase in quotation marks names a term (“三园”), not a person or a place
    tags = pos_tags(_QUOTED_TERM.sub("，", answer))
    if kind == "person":
        if (role := asked_role(qn)) and not said_as_word(
            role, normalize(answer + context), head=True
        ):
            return False  # 哪位市长: a sentence that names no 市长 names someone else
        named = person_names(tags) + [m.group(1) for m in NAME_TITLE.finditer(answer)]
        named += [m.group(0) for m in _PEOPLE.finditer(answer)]  # 脱贫人口: "who" of a group
        if "谁" in qn and not re.search(r"哪位|什么人|何人", qn):
            # 由谁领导 / 谁负责 / 接受谁的监督: a body answers 谁 as well as a person (中国共产党
            # 领导的…, 人大/j 法律监督)
            named += [w for w, f in tags if f in ("nt", "j") and len(w) >= 2]
        return any(_new(name, qn) for name in named)
    if (
        kind in ("organisation", "place")
        and (head := asked_head(qn))
        and generic_only(head, answer)
    ):
        return False
    if (
        kind == "organisation"
        and (ends := institution_ends(qn))
        and not any(
            _new(m.group(0), qn)
            for m in re.finditer(rf"[\u4e00-\u9fffA-Za-z0-9]{{2,}}?(?:{ends})", normalize(answer))
        )
    ):
        return False  # 哪所大学 asks for a university: a company's name does not answer it
    if kind == "organisation":
        # a body named: tagged so (nt), or a word ending like one (…机构, …委员会) in a name
        # that names something of its own (a place, a brand: 武汉顺衡速运有限公司), not a kind of
        # body described (在线旅游代理机构)
        return any(
            (
                f == "nt"
                or (
                    f in ("n", "nz", "j", "nt")
                    and _ORG_END.search(w)
                    and len(w) >= 2
                    and _names_own(name, tags, answer)
                )
            )
            and _new(name, qn)
            for w, f, name in _with_modifiers(tags)
        ) or any(
            _new(m.group(0), qn)
            for m in re.finditer(
                r"[\u4e00-\u9fff]{2,12}(?:有限公司|公司|委员会|中心|医院|大学)", answer
            )
        )
    if kind == "place":
        if suffix := division_asked(qn):
            # 哪个县 asks for a county: a name that ends in 县 (临猗县), not any place
            plain = normalize(answer)
            return any(
                _new(m.group(0), qn) and not _common_division(m.group(0))
                for m in re.finditer(rf"[\u4e00-\u9fff]{{1,6}}{suffix}", plain)
            ) or bool(
                # names listed and then counted as divisions (太原、大同…晋城6市): those
                re.search(rf"[\u4e00-\u9fff]{{2,4}}(?:、[\u4e00-\u9fff]{{2,4}})+\d+{suffix}", plain)
            )
        # one character tagged ns is a measure word or an abbreviation (1000台/ns), not a place;
        # nor is a place that only opens an organisation's name (广州迈普…股份有限公司)
        # (哪里的企业家 asks whose place it is: there the name's place answers)
        plain = normalize(answer)
        whose = bool(re.search(r"哪(?:里|儿|个地方)的|哪里人|上班|工作|任职|就职", qn))
        peers = _peers_of_named_places(qn, plain)
        if any(
            f == "ns"
            and len(w) >= 2
            and _new(w, qn)
            and (whose or not _opens_name(w, plain))
            and w not in peers
            # a place that says what sort of person someone is (海归/ns 创业者) says where they
            # are from, not where something happened
            and (whose or not _describes_person(tags, i))
            for i, (w, f) in enumerate(tags)
        ):
            return True
        # 用在哪: where a thing is put is what follows the same verb and 在 (用在紧要处)
        if m := re.search(r"([\u4e00-\u9fff])在哪", qn):
            if re.search(rf"{m.group(1)}在[\u4e00-\u9fff]{{2,}}", normalize(answer)):
                return True
        # where someone went: the place a verb of going leads to (走进/v 安置点/n), named or not
        for i, (w, f) in enumerate(tags):
            if w not in _GOING or f[:1] != "v":
                continue
            obj = ""
            for nxt, nf in tags[i + 1 : i + 4]:  # its object, up to a break (安置/v 点/m)
                if nf[:1] in ("x", "u", "p", "c", "y", "d", "r"):
                    break
                obj += nxt
            if len(obj) >= 2 and _new(obj, qn):
                return True
        return False
    if kind == "time":
        if (grain := q.flags.get("grain")) and not any(
            _new(m.group(0), qn) for m in _GRAIN[grain].finditer(answer)
        ):
            return False  # 1月几号 is not answered by 2025年1月
        # a date, or a duration for 多久 (不到一个月)
        spans = [*_DATE.finditer(answer), *_DURATION.finditer(answer)]
        # a time word names a time when it counts one (今年, 3月, 春节), not when it only
        # places the event vaguely (不久前, 目前, 此前)
        return any(_new(m.group(0), qn) for m in spans) or any(
            f == "t" and _CALENDAR.search(w) and _new(w, qn) for w, f in tags
        )
    if kind == "number" and _ACTUAL_ASKED.search(qn) and _PLANNED.search(answer):
        # 海南现在实际有多少个托位: how many there are now, which a target (规划新增…达4.5个
        # 的指标) does not say
        if not _ACHIEVED.search(answer):
            return False
    if kind == "number":
        if q.unit == "个":
            # 个 is the classifier a count may drop (几个市 -> 6市): the counted noun's first
            # character stands in for it
            m = re.search(r"(?:多少|几)个\s*([\u4e00-\u9fff])", qn)
            alt = re.escape(m.group(1)) if m else "个"
            rx = re.compile(_AMOUNT + rf"\s*(?:[万亿千百]\s*)?(?:余|多)?(?:个|{alt})")
            return any(_new(x.group(0), qn) for x in rx.finditer(normalize(answer)))
        if q.unit:
            unit = q.unit if q.unit != "%" else "%"
            # people are counted in 人, 名 or 位 (多少人 -> 2万名高龄人群), though 一名 / 一位
            # is only "a" (一名快递小哥)
            units = (
                r"(?:人|(?<!^一)(?<![^\d一二两三四五六七八九十百千万]一)[名位])"
                if unit in ("人", "名", "位")  # 多少名救护员 -> 5万人
                else _AREA_UNITS
                if unit == "亩"
                else re.escape(unit)
            )
            rx = re.compile(_AMOUNT + r"\s*(?:[万亿千百]\s*)?(?:余|多)?" + units)
            if unit == "%":  # a share may be a fraction (超过三分之一) or tenths (六成)
                rx = re.compile(
                    rf"{rx.pattern}|个百分点|[一二三四五六七八九十百千]+分之[一二三四五六七八九十]+"
                    r"|\d+/\d+|[一二三四五六七八九十]成"
                )
            text = normalize(answer)
            counted = _counted_noun(qn, unit)
            # 多少家企业: an amount of 家 counts enterprises only where its clause names them
            # (5家入选…园区 counts parks)
            return any(
                _new(m.group(0), qn)
                and (not counted or _names_counted(counted, _clause_at(text, m.start())))
                # how many years is a span (75年), not a year of the calendar (2024年)
                and not (unit == "年" and re.fullmatch(r"(?:1[89]|20)\d\d年", m.group(0)))
                # 一间间板房 is "row upon row", no count
                and not text.startswith(m.group(0)[-1], m.end())
                # 3岁以下婴幼儿 bounds an age group: no one's age
                and not (
                    unit == "岁" and re.match(r"(?:以下|以上|以内|及以上|及以下)", text[m.end() :])
                )
                for m in rx.finditer(text)
            )
        return any(_new(m.group(0), qn) for m in _NUM.finditer(answer))
    if kind in ("reason", "method") and _one_of_listed(q, answer):
        return False
    if kind == "reason" and _NAMING_ASKED.search(q.norm):
        # 为啥叫“晋创谷”这个名字: why a thing is called so is said by where its name comes from
        return bool(_NAME_ORIGIN.search(answer))
    if kind == "reason":
        return bool(_CAUSE.search(answer)) or _reason_stated(q, answer) or _for_what(q.norm, answer)
    if kind == "method":
        # a means marker, or the instrument the asked action is done with (用…火炬,点燃)
        verbs = _how_verb([(w, f) for w, f in pos_tags(q.norm) if f != "x"])
        return bool(_MEANS.search(answer) or _WAYS_LISTED.search(answer)) or any(
            re.search(rf"(?:用|以|靠|凭借|借助|依托).{{1,40}}?{re.escape(v)}", answer)
            for v in verbs
        )
    return True


# where a question points into the documents' structure instead of naming what it asks about:
# a glossary note by its number (注释第33条, 第12条注释, 工作注释5, note 34) and a numbered part
# (报告第三部分, 注释第二部分). Numbers so written are the documents' numbering, not content.
_REF_DIGIT = r"[0-9一二三四五六七八九十两]"
_REF_NUM = _REF_DIGIT + "{1,3}"
_NOTE_REF = re.compile(
    rf"(?:工作)?注释(?:中|里)?的?第?({_REF_NUM})条(?:注释)?"
    rf"|(?:工作)?注释({_REF_DIGIT}{{1,2}})(?![0-9年月日%])"
    rf"|第({_REF_NUM})条(?:工作)?注释|\b(?:the\s+)?(?:glossary\s+)?note\s*(?:no\.?\s*|#)?(\d{{1,2}})\b"
)
_PART_REF = re.compile(rf"(?:(?:政府)?工作报告|报告|(?:工作)?注释)?的?第({_REF_NUM})(?:部分|章|节)")
# what joins a reference to the rest (注释第2条所说的…, 第33条中的…)
_REF_TAIL = re.compile(
    r"(?:所(?:说|讲|列|述|提|指)的?|(?:提到|列出|提出|说|讲|列|写)的|(?:中|里|内)的?|的)?"
)


@dataclass(frozen=True)
class StructureRef:
    """A pointer into the documents' numbering: a note (kind "note") or a numbered part
    ("part", with `of` "注释" when the glossary's part is meant), where it stands in the text."""

    kind: str
    number: int
    start: int
    end: int
    of: str = ""


def structure_refs(text: str) -> list[StructureRef]:
    """The glossary notes and numbered parts `text` points at by number, in order."""

    def ref(kind: str, m: re.Match, number: str, of: str = "") -> StructureRef | None:
        # the reference runs on over the words joining it to the rest (所说的, 中的)
        n = zh_int(number)
        if not n or any(r.start <= m.start() < r.end for r in out):
            return None
        return StructureRef(kind, n, m.start(), _REF_TAIL.match(text, m.end()).end(), of)

    out: list[StructureRef] = []
    for m in _NOTE_REF.finditer(text):
        if r := ref("note", m, next(g for g in m.groups() if g)):
            out.append(r)
    if out:
        # 注释第18条“新型储能”与第19条“源网荷储”: a bare 第N条 beside a note is a note too
        for m in re.finditer(rf"第({_REF_NUM})条", text):
            if r := ref("note", m, m.group(1)):
                out.append(r)
    for m in _PART_REF.finditer(text):
        if r := ref("part", m, m.group(1), "注释" if "注释" in m.group(0) else ""):
            out.append(r)
    return sorted(out, key=lambda r: r.start)
