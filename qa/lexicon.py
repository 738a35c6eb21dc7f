"""English relation words and the Chinese words that state them.

An English who / which / where / when question names the relation it asks about in English
("Who is the general manager of …", "Who chaired …", "Where will … be located?"); the Chinese
sentence quoted must state that relation, as a Chinese question's relation word must be in its
answer (`qa.question.relation_words`). This is a small bilingual dictionary of roles and of the
verbs of making, leading and placing, not a list fitted to questions: each English word maps
to every common Chinese rendering.
"""

from __future__ import annotations

import re

RELATIONS: dict[str, tuple[str, ...]] = {
    # roles
    "mayor": ("市长",),
    "governor": ("省长",),
    "general manager": ("总经理",),
    "manager": ("经理",),
    "chairman": ("董事长", "主席", "委员长"),
    "chairwoman": ("董事长", "主席"),
    "chair": ("主席", "董事长", "主持"),
    "president": ("主席", "校长", "院长", "总裁", "会长"),
    "director": ("主任", "局长", "厅长", "所长", "处长", "院长", "导演", "董事"),
    "secretary": ("书记", "秘书"),
    "dean": ("院长",),
    "principal": ("校长",),
    "founder": ("创始人", "创办", "创立"),
    "ceo": ("总经理", "总裁", "首席执行官"),
    "coach": ("教练",),
    "head": ("负责人", "院长", "主任", "局长", "校长", "领导", "牵头"),
    "heads": ("负责人", "院长", "主任", "局长", "校长", "领导", "牵头"),
    "leader": ("领导", "负责人", "书记"),
    "leads": ("领导", "牵头", "负责"),
    "led": ("领导", "牵头", "带领", "率领"),
    "spokesperson": ("发言人",),
    "author": ("作者", "撰写", "记者"),
    "wrote": ("撰写", "作者", "记者", "写"),
    "reporter": ("记者",),
    # doing and making
    "chaired": ("主持", "董事长", "主席"),  # a meeting is chaired (主持), a company too (董事长)
    "presided": ("主持",),
    "supplies": ("提供", "供应", "供货"),
    "supplied": ("提供", "供应", "供货"),
    "supplier": ("供应", "供货", "提供"),
    "manufactures": ("生产", "制造", "研发"),
    "manufactured": ("生产", "制造", "研发"),
    "makes": ("生产", "制造"),
    "built": ("建设", "建成", "修建", "承建"),
    "builds": ("建设", "承建", "修建"),
    "operates": ("运营", "经营"),
    "run": ("运营", "经营", "负责"),
    "funded": ("投资", "资金", "出资"),
    "invested": ("投资", "出资", "资金"),
    "invest": ("投资", "出资", "资金"),
    "invests": ("投资", "出资"),
    "approved": ("批准", "审批", "认定", "同意"),
    "certified": ("认定", "认证"),
    "certifies": ("认定", "认证"),
    "proposed": ("提出", "建议", "提案"),
    "delivered": ("作", "报告", "发表", "宣读"),
    "founded": ("成立", "创办", "创立", "组建", "设立"),
    "established": ("成立", "设立", "组建", "建立"),
    "born": ("出生", "生于"),
    "died": ("去世", "逝世", "遇难", "死亡"),
    "won": ("获得", "夺得", "荣获", "冠军", "金牌"),
    "win": ("获得", "夺得", "荣获", "冠军", "金牌"),
    "apply": ("申请", "申报", "报名", "办理"),
    "applied": ("申请", "申报", "报名"),
    "sign up": ("报名", "参保", "投保", "注册", "登记", "申请", "签约", "结成", "缔结"),
    "register": ("注册", "登记", "报名", "申报"),
    "registered": ("注册", "登记", "报名"),
    "enrol": ("报名", "入学", "注册", "参保"),
    "enroll": ("报名", "入学", "注册", "参保"),
    "free": ("免费", "免收", "不收费", "无偿", "减免"),
    "studied": ("学习", "留学", "毕业", "就读"),
    "study": ("学习", "留学", "毕业", "就读"),
    # placing and timing
    "located": ("位于", "坐落", "设在", "建在", "地处"),
    "held": ("召开", "举行", "举办"),
    "hosted": ("举办", "主办", "承办"),
    "opened": ("开幕", "开通", "开业", "开放", "开工"),
    "start": ("开工", "开始", "启动", "伊始", "之初"),
    "begin": ("开工", "开始", "启动", "伊始"),
    "completed": ("完成", "竣工", "建成", "完工"),
    "finished": ("完成", "竣工", "建成", "完工"),
    "signed": ("签约", "签署", "签订", "缔结"),
    "visited": ("调研", "考察", "访问", "走进", "来到", "接待"),
    "population": ("人口",),
    "jobs": ("就业", "岗位"),
    "employment": ("就业", "岗位"),
    # how to reach a service or an office
    "hotline": ("热线", "电话"),
    "phone number": ("电话", "热线"),
    "telephone number": ("电话", "热线"),
    "website": ("网站", "网址", "网上"),
    "email": ("邮箱", "邮件"),
    # standing and measures of a person or a place
    "ranking": ("排名", "位次", "名次", "位列", "排在", "排第", "居全国", "居全省"),
    "ranked": ("排名", "位次", "名次", "位列", "排在", "排第", "居全国", "居全省"),
    "rank": ("排名", "位次", "名次", "位列", "排在", "排第", "居全国", "居全省"),
    "exchange rate": ("汇率",),
    "age": ("岁", "年龄"),
    "how old": ("岁", "年龄"),
    "ethnicity": ("族",),
    "ethnic group": ("族",),
    "revenue": ("收入", "营收"),
    "gdp": ("生产总值", "gdp"),
    "budget": ("预算",),
    "salary": ("工资", "薪"),
    "price": ("价格", "价"),
    "cost": ("费用", "成本", "造价", "投资", "花费"),
}
_KEYS = sorted(RELATIONS, key=len, reverse=True)
_KEY_RE = re.compile(r"\b(" + "|".join(re.escape(k) for k in _KEYS) + r")\b", re.I)


def _forms(word: str) -> list[str]:
    """The word and, for a third-person or plural -s, its base (chairs -> chair, directors ->
    director). Other inflections are left alone: making is not makes (制造), nor is
    "sign up" signed (签约)."""
    w = word.lower()
    return [w, w[:-1]] if w.endswith("s") and len(w) > 4 else [w]


def english_relations(question: str) -> list[tuple[str, ...]]:
    """The Chinese renderings of each relation word the English question uses, longest
    phrase first (general manager before manager), or a plural / -s form of a listed word."""
    found = [RELATIONS[m.group(1).lower()] for m in _KEY_RE.finditer(question)]
    rest = _KEY_RE.sub(" ", question)
    for word in re.findall(r"[A-Za-z]+", rest):
        key = next((f for f in _forms(word) if f in RELATIONS), None)
        if key is not None:
            found.append(RELATIONS[key])
    return found


def states(text: str, renderings: tuple[str, ...]) -> bool:
    return any(r in text.lower() for r in renderings)


# Institutions an English question names by their English name or acronym, as Chinese
# policy documents write them: the national bodies any such document may mention, not
# entries fitted to questions. Read like an English question's pinyin names (Houma -> 侯马).
# Names of documents (work report, Xinhua) are left out: they say where to look, and as
# search words they pull every sentence that cites the document (《政府工作报告》描绘的…).
INSTITUTIONS: dict[str, tuple[str, ...]] = {
    "cppcc": ("政协",),
    "political consultative conference": ("政协",),
    "npc": ("人大",),
    "national people's congress": ("人大",),
    "people's congress": ("人大",),
    "two sessions": ("两会",),
    "cpc": ("共产党", "党中央"),
    "communist party": ("共产党", "党中央"),
    "central committee": ("党中央", "中央委员会"),
    "politburo": ("政治局",),
    "state council": ("国务院",),
    "belt and road": ("一带一路",),
}
_INST_RE = re.compile(
    r"\b(" + "|".join(re.escape(k) for k in sorted(INSTITUTIONS, key=len, reverse=True)) + r")\b",
    re.I,
)


def english_institutions(question: str) -> list[str]:
    """The Chinese names of the institutions an English question names (CPPCC -> 政协)."""
    return [w for m in _INST_RE.finditer(question) for w in INSTITUTIONS[m.group(1).lower()]]
