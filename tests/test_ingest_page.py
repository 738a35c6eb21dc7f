"""Reading the default newspaper page back into whole notes and articles."""

from __future__ import annotations

from qa.types import join_spans

EXPECTED_TERMS = {
    5: "吨半粮",
    6: "三大灌区",
    8: "三个一批",
    11: "新三样",
    15: "OTA平台",
    18: "新型储能",
    22: "城市综合信用指数",
}


def test_34_notes_numbered_in_order(page_doc):
    assert [g.number for g in page_doc.glossary] == list(range(1, 35))


def test_terms_without_quotes_and_aliases(page_doc):
    by_num = {g.number: g for g in page_doc.glossary}
    for n, term in EXPECTED_TERMS.items():
        assert by_num[n].term == term
    assert "“吨半粮”" in by_num[5].aliases
    assert by_num[1].term == "合汽生材" and "合汽生材新兴产业地标" in by_num[1].aliases
    assert "三度" in by_num[13].aliases


def test_note_4_text_starts_with_5jia(page_doc):
    note4 = page_doc.glossary[3]
    assert note4.number == 4 and note4.text.startswith("5家入选")


def test_parts_and_sections(page_doc):
    by_num = {g.number: g for g in page_doc.glossary}
    assert by_num[5].part == "一、2024年工作回顾" and by_num[5].section is None
    assert by_num[9].part == "二、2025年工作安排" and by_num[9].section is None
    assert by_num[10].section.startswith("第一节")
    assert by_num[13].section.startswith("第二节")
    assert by_num[22].section.startswith("第三节")
    assert by_num[34].section.startswith("第七节")


def test_stitched_notes(page_doc):
    by_num = {g.number: g for g in page_doc.glossary}
    assert by_num[3].text.endswith("阿根廷帕拉西奥斯市。")
    assert "绛县与阿根廷帕拉西奥斯市" in by_num[3].text
    assert "签约开工率" in by_num[13].text and "税收强度" in by_num[13].text
    assert "投产达效率" in by_num[13].text
    assert "国家发改委授权国家公共信用信息中心" in by_num[22].text
    for n in (3, 13, 22):
        assert len(by_num[n].spans) == 2


def test_news_paragraph_stitched(page_doc):
    paras = [p.text for a in page_doc.articles for p in a.paragraphs]
    whole = [p for p in paras if "安徽中医药大学第二附属医院" in p]
    assert len(whole) == 1
    assert whole[0].startswith("“只有千方百计") and whole[0].endswith("最新情况形成相关建议。")
    assert any("安徽中医药大学第二附属医院" in p.text for p in page_doc.passages)


def test_report_part(page_doc, page_text):
    report = page_doc.articles[0]
    assert report.title == "三、全面提升政府治理效能"
    heads = [p.text[:7] for p in report.paragraphs]
    assert heads[:5] == [
        "政治引领铸忠诚",
        "法治护航促公正",
        "治理创新提效能",
        "千字当头勇作为",
        "廉洁奉公扬正气",
    ]
    assert report.paragraphs[-1].text.startswith("各位代表")
    assert "持续深入整治群众身边不正之风" in report.text
    assert report.continued_from == "上接第二版"


def test_running_header_in_no_unit(page_doc, page_text):
    start = page_text.index("政 府 工 作 报 告")
    end = start + len("政 府 工 作 报 告")
    units = [*page_doc.articles, *page_doc.glossary, *page_doc.passages]
    for u in units:
        for s, e in u.spans:
            assert e <= start or s >= end
        assert "政 府 工 作 报 告" not in u.text
    assert ("running_header", (start, end)) in page_doc.markup


def test_article_titles_and_metadata(page_doc):
    titles = [a.title for a in page_doc.articles]
    for t in (
        "汇集民智，筑牢“中国之治”的坚固基石",
        "锚定目标 紧抓快干 奋发有为建设“一城两区三门户”",
        "市政府党组（扩大）会议暨理论学习中心组学习会议召开",
        "凝聚广泛共识 汇聚强大合力",
    ):
        assert t in titles
    # a kicker after a heading of another column resumes its story; it is not a title
    assert "凝心聚力,共创未来——" not in titles
    story = next(a for a in page_doc.articles if a.title == "汇集民智，筑牢“中国之治”的坚固基石")
    assert "凝心聚力,共创未来——" in story.text and "袁玉宇" in story.text
    last = page_doc.articles[-1]
    assert last.dateline == "新华社北京3月3日电"
    assert last.continued_from == "上接第一版"
    for a in page_doc.articles:
        assert "上接第" not in a.text
    # the closing dateline says who sent the story and when: its last paragraph, quotable
    assert last.paragraphs[-1].text == "(新华社北京3月3日电)"
    assert sum("新华社北京3月3日电" in a.text for a in page_doc.articles) == 1


def test_span_invariant_every_unit(page_doc, page_text):
    for g in page_doc.glossary:
        assert join_spans(page_text, g.spans) == g.text
        assert join_spans(page_text, g.definition_spans) == g.definition
    for a in page_doc.articles:
        assert join_spans(page_text, a.spans) == a.text
        assert join_spans(page_text, a.title_spans) == (a.title or "")
    for p in page_doc.passages:
        assert join_spans(page_text, p.spans) == p.text
        for text, (s, e) in p.headings:  # what a summary cites an item's heading by
            assert page_text[s:e] == text


def test_headings_name_each_article_and_the_glossary_parts(page_doc):
    """A passage knows the lines heading it: an article its title, a note the glossary's
    heading and its part's, so a summary can cite what each of its items is about."""
    arts = [p for p in page_doc.passages if p.kind == "article"]
    assert {p.headings[0][0] for p in arts if p.headings} >= {
        "汇集民智，筑牢“中国之治”的坚固基石",
        "凝聚广泛共识 汇聚强大合力",
    }
    assert all(not p.headings for p in arts if p.title.startswith("（上接"))  # no title line
    notes = [p for p in page_doc.passages if p.kind == "note"]
    assert {p.headings[0][0] for p in notes} == {"工作注释"}
    assert [p.headings[1][0] for p in notes if p.note in (1, 8, 9, 34)] == [
        "一、2024年工作回顾",
        "一、2024年工作回顾",
        "二、2025年工作安排",
        "二、2025年工作安排",
    ]


def test_coverage_every_char_once(page_doc, page_text):
    """Every non-blank character is in exactly one article or note, or is markup."""
    owner = [0] * len(page_text)
    units = [*page_doc.glossary, *page_doc.articles]
    for u in units:
        for s, e in u.spans:
            for i in range(s, e):
                owner[i] += 1
    for a in page_doc.articles:
        for s, e in a.title_spans:
            for i in range(s, e):
                owner[i] += 1
    markup = [0] * len(page_text)
    for _, (s, e) in page_doc.markup:
        for i in range(s, e):
            markup[i] += 1
    for i, ch in enumerate(page_text):
        if ch.isspace():
            continue
        assert owner[i] + markup[i] == 1, (i, page_text[max(0, i - 10) : i + 10])


def test_passages_cover_their_article(page_doc):
    for a in page_doc.articles:
        covered = set()
        for p in page_doc.passages:
            if p.kind == "article" and p.source == a.source:
                covered.update(i for s, e in p.spans for i in range(s, e))
        art_chars = {i for s, e in a.spans for i in range(s, e)}
        assert art_chars <= covered


def test_passages_end_at_sentence_ends_and_stay_in_bounds(page_doc):
    from qa.ingest.chunk import MAX_CHARS, SHORT_PARAGRAPH
    from qa.spans import sentence_bounds, sub_spans

    ends = set()
    for a in page_doc.articles:
        for para in a.paragraphs:
            for _, j in sentence_bounds(para.text):
                ends.add(sub_spans(para.spans, j - 1, j)[0][1])
    for p in page_doc.passages:
        if p.kind != "article":
            continue
        assert p.spans[-1][1] in ends, p.text[-20:]
        assert len(p.text) <= MAX_CHARS + SHORT_PARAGRAPH or len(sentence_bounds(p.text)) <= 2


def test_unplaced_fragments_warned_not_dropped(page_doc):
    joined = " ".join(page_doc.warnings)
    assert "法工委设立的" in joined
    assert any("作为全国人大常委会法工委设立的" in a.text for a in page_doc.articles)
