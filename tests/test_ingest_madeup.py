"""Small made-up pages of the same kind: the rules must work beyond the default page."""

from __future__ import annotations

from qa.ingest import parse_text
from qa.types import join_spans

# A glossary whose notes 2 and 3 are each cut by the same news story.
CUT_TWICE = """(上接第一版)

绿色发展是根本出路。我们要坚定不移走生态优先之路。

名词解释

一、2024年工作回顾

1.“河长制”：由各级党政主要负责人担任河长，负责组织领导相应河湖的管理和保护工作。
2.“一水两园”：“一水”即黄河水系；“两园”即湿地公园和

春耕时节看田间

(上接第一版)

清晨的田野里，农机手正在检修播种机，一年的收成就从这里开

森林公园。
3.“三品一标”：品种培优、品质提升、品牌打造和标准化

始。合作社负责人说，今年要多种两百亩优质小麦。

生产。
4.“双碳”：碳达峰与碳中和。
"""

# A bulleted note with no number among numbered ones.
BULLET_AMONG_NUMBERS = """工作注释

二、2025年工作安排

第一节 扩大内需
1.“消费季”：全年分四季开展的促消费活动。
- “夜经济”：以夜间消费为主的经济形态。
3.“首店经济”：引进品牌首店带动消费升级的经济形态。
"""

# A running header cuts a sentence of a report paragraph.
RUNNING_HEADER = """二、扎实推进重点工作

稳增长促发展。坚持项目为王，全年实施重点项目两百个，持续

政 府 工 作 报 告

优化营商环境，推动经济运行稳中向好。

各位代表，让我们携手奋进！
"""

# No glossary at all: titles, markers and a dateline only.
NO_GLOSSARY = """春风送暖产业兴

(上接第一版)

开春以来，全市各地抢抓农时，开展春耕生产。农业部门组织技术人员下乡指导，帮助农民解决难题。

“今年的种子质量很好。”一位村民说。

(新华社太原3月5日电)
"""


def _check_spans(doc):
    for u in [*doc.glossary, *doc.articles, *doc.passages]:
        assert join_spans(doc.text, u.spans) == u.text


def test_glossary_cut_twice_by_another_article():
    doc = parse_text(CUT_TWICE, "cut.txt")
    _check_spans(doc)
    notes = {g.number: g for g in doc.glossary}
    assert sorted(notes) == [1, 2, 3, 4]
    assert notes[2].term == "一水两园" and notes[2].text.endswith("湿地公园和森林公园。")
    assert notes[3].text.endswith("品牌打造和标准化生产。")
    assert notes[2].part == "一、2024年工作回顾"
    story = [a for a in doc.articles if a.title == "春耕时节看田间"]
    assert len(story) == 1
    assert "一年的收成就从这里开始。合作社负责人说" in story[0].text
    assert story[0].continued_from == "上接第一版"
    assert not doc.warnings


def test_bullet_note_without_number_is_inferred():
    doc = parse_text(BULLET_AMONG_NUMBERS, "b.txt")
    _check_spans(doc)
    assert [(g.number, g.term) for g in doc.glossary] == [
        (1, "消费季"),
        (2, "夜经济"),
        (3, "首店经济"),
    ]
    assert all(g.section == "第一节 扩大内需" for g in doc.glossary)
    assert doc.glossary[1].definition == "以夜间消费为主的经济形态。"


def test_running_header_inside_sentence_is_dropped_and_sentence_joined():
    doc = parse_text(RUNNING_HEADER, "r.txt")
    _check_spans(doc)
    (art,) = doc.articles
    assert art.title == "二、扎实推进重点工作"
    assert "持续优化营商环境" in art.text
    assert "政 府" not in art.text
    assert [m[0] for m in doc.markup] == ["running_header"]


def test_page_without_glossary():
    doc = parse_text(NO_GLOSSARY, "n.txt")
    _check_spans(doc)
    assert doc.glossary == []
    (art,) = doc.articles
    assert art.title == "春风送暖产业兴"
    assert art.continued_from == "上接第一版"
    assert art.dateline == "新华社太原3月5日电"
    # the closing dateline is the story's last paragraph (quotable), once
    assert art.paragraphs[-1].text == "(新华社太原3月5日电)" and art.text.count("新华社") == 1
    assert len(doc.passages) >= 1 and all(p.kind == "article" for p in doc.passages)


def test_fragment_cut_without_continuation_is_kept_with_warning():
    text = (
        "工作注释\n\n1.“甲”：第一条注释。\n\n另一段完整的话。\n\n这段话在本页没有写完，它的下文在\n"
    )
    doc = parse_text(text, "w.txt")
    _check_spans(doc)
    everything = "".join(a.text for a in doc.articles) + "".join(g.text for g in doc.glossary)
    assert "它的下文在" in everything and "另一段完整的话。" in everything
    assert doc.warnings


def test_markdown_headings_and_crlf_offsets():
    text = (
        "# 政策解读\r\n\r\n## 工作注释\r\n\r\n1.“零基预算”：不考虑以往基数，从零开始编制预算。\r\n"
    )
    doc = parse_text(text, "m.md")
    _check_spans(doc)
    assert doc.glossary[0].term == "零基预算"
    assert doc.glossary[0].definition == "不考虑以往基数，从零开始编制预算。"


# Two stories continued from page one, set in interleaved columns: a fragment of the first
# story's thread (…促振兴) lands after the second story's unfinished paragraph, and a line
# that opens like the second story's paragraphs (会议…) follows it.
INTERLEAVED = """乡村振兴再出发

(上接第一版)

要抓产业促振兴。发展特色种植,培育龙头企业,带动农户增

全市农业农村工作会议召开

(上接第一版)

会议强调，要稳住粮食生产，压实耕地保护责任。

会议指出，要统筹推进乡村建

收。要抓人才促振兴。引进返乡能人,培训高素质农民。要抓治理促振兴。完善村规民约,推进移风易

会议要求，各县区要细化任务清单，倒排工期。
"""


def test_a_fragment_joins_the_story_whose_thread_it_repeats():
    doc = parse_text(INTERLEAVED, "i.txt")
    _check_spans(doc)
    by_title = {a.title: a for a in doc.articles}
    farm, meeting = by_title["乡村振兴再出发"], by_title["全市农业农村工作会议召开"]
    # 促振兴 runs through the fragment and the first story: the fragment is its
    assert "带动农户增收。要抓人才促振兴" in farm.text and "要抓治理促振兴" in farm.text
    assert "促振兴" not in meeting.text
    # 会议要求，… opens like the meeting story's paragraphs (会议强调，会议指出): a paragraph there
    assert meeting.paragraphs[-1].text.startswith("会议要求") and "会议要求" not in farm.text
    assert any("repeats its phrases" in w for w in doc.warnings)


def test_a_fragment_with_no_thread_of_its_own_joins_the_latest_paragraph():
    doc = parse_text(
        INTERLEAVED.replace("促振兴", "强基础", 1).replace("促振兴", "补短板"), "j.txt"
    )
    by_title = {a.title: a for a in doc.articles}
    # no phrase repeats in the fragment and the first story: the latest unfinished paragraph
    # (会议指出，要统筹推进乡村建…) takes it, as before
    assert "乡村建收。" in by_title["全市农业农村工作会议召开"].text
