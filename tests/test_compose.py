"""Composition per kind and the refusal decision, on the real page behind the fake embedder.

The fake embedder (tests/fakes.py) makes these run in seconds; the threshold is set to 0
so that what is tested is what each composer quotes, not the model's verdict.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import read_exact

from qa.answer import Answerer, RefusalModel, count_items, decide
from qa.question import analyse
from qa.settings import DEFAULTS
from qa.types import Hit, join_spans

ON_BOTH_STORES = True  # the pipeline tests run on the folder and on Milvus Lite (conftest.py)


@pytest.fixture(scope="module")
def answerer(fake_pipeline):
    return Answerer(fake_pipeline.retriever, DEFAULTS.with_(found_threshold=0.0))


def _verified(ans):
    for c in ans.citations:
        assert join_spans(read_exact(Path(c.source)), c.spans) == c.text
        assert f"[{c.n}]" in ans.answer
    return ans


def test_multi_part_answers_each_part_with_its_own_citation(answerer):
    ans = _verified(answerer.ask("三大灌区是哪三个？吨半粮又是多少公斤？"))
    assert ans.asked == "parts" and len(ans.parts) == 2
    assert "（1）" in ans.answer and "（2）" in ans.answer
    first, second = ans.answer.split("（2）")
    assert "夹马口" in first and "[1]" in first
    assert "1500公斤" in second and "[2]" in second


def test_a_part_the_page_does_not_answer_says_so(answerer):
    ans = _verified(answerer.ask("吨半粮是什么意思？是哪一年提出的？"))
    assert ans.found and [p["found"] for p in ans.parts] == [True, False]
    assert "1500公斤" in ans.answer and "没有找到这一问" in ans.answer


def test_comparison_quotes_both_definitions(answerer):
    ans = _verified(answerer.ask("乡村e镇和晋创谷有什么区别"))
    assert ans.asked == "comparison" and len(ans.citations) == 2
    assert "电子商务为核心" in ans.citations[0].text
    assert "促进四链融合" in ans.citations[1].text


def test_list_is_whole_and_counted(answerer):
    ans = _verified(answerer.ask("全省15件民生实事都有哪些？"))
    assert ans.asked == "list" and "共15项" in ans.answer
    assert "一是" in ans.answer and "十五是" in ans.answer


def test_long_list_is_cut_at_an_item_and_says_what_is_left(fake_pipeline):
    short = Answerer(
        fake_pipeline.retriever, DEFAULTS.with_(found_threshold=0.0, max_list_chars=120)
    )
    ans = _verified(short.ask("全省15件民生实事都有哪些？"))
    assert "十五是" not in ans.citations[0].text
    assert "其余" in ans.answer and "项见来源" in ans.answer


def test_summary_cites_one_sentence_per_section(answerer, fake_pipeline):
    ans = _verified(answerer.ask("帮我概括一下“全面提升政府治理效能”这部分讲了什么"))
    assert ans.asked == "summary" and ans.found
    report = [p for p in fake_pipeline.index.passages if p.article == "三、全面提升政府治理效能"]
    paragraphs = {p.paragraph for p in report}
    # five sections and the closing paragraph: one item each, a section's run-in head
    # (政治引领铸忠诚。) cited before the sentence chosen for it; the items to spare (8 in
    # all) give the longest section its closing sentence too
    n = int(re.search(r"要点（(\d+)条）", ans.answer).group(1))
    assert len(paragraphs) < n <= DEFAULTS.summary_max_items
    assert any(c.text == "政治引领铸忠诚。" for c in ans.citations)

    def paragraph_of(c):
        (p,) = [p for p in report if any(s <= c.spans[0][0] < e for s, e in p.spans)]
        return p.paragraph

    # the section's title line first, cited where it stands: what is summed up
    assert ans.citations[0].text == "三、全面提升政府治理效能"
    assert {paragraph_of(c) for c in ans.citations[1:]} == paragraphs


def test_summary_of_more_sections_than_items_runs_to_the_last(fake_pipeline):
    """Six paragraphs, three items: consecutive paragraphs share an item, none is dropped."""
    short = Answerer(fake_pipeline.retriever, DEFAULTS.with_(summary_max_items=3))
    ans = _verified(short.ask("帮我概括一下“全面提升政府治理效能”这部分讲了什么"))
    report = [p for p in fake_pipeline.index.passages if p.article == "三、全面提升政府治理效能"]
    paragraphs = sorted({p.paragraph for p in report})
    assert f"要点（3条，概括全部{len(paragraphs)}部分）" in ans.answer

    def paragraph_of(c):
        (p,) = [p for p in report if any(s <= c.spans[0][0] < e for s, e in p.spans)]
        return p.paragraph

    cited = [paragraph_of(c) for c in ans.citations[1:]]
    third = len(paragraphs) // 3
    # one item from each third of the section: the last third is summarised too
    assert all(any(x in paragraphs[i * third : (i + 1) * third] for x in cited) for i in range(3))


def test_english_fact_is_labelled_as_a_quote_from_the_chinese(answerer):
    ans = answerer.ask("what does 吨半粮 mean")
    assert ans.answer.startswith("以下引自中文原文 (Quoted from the Chinese source)")


def test_typed_question_without_that_kind_in_the_answer_is_refused(answerer):
    # threshold 0: only the answer-type gate can refuse these
    for q in ("吨半粮是哪一年提出的？", "晋创谷是哪家公司运营的？", "新三样的产值是多少？"):
        ans = answerer.ask(q)
        assert not ans.found and ans.related and ans.level == "low", q


def test_count_items():
    assert count_items("一是甲；二是乙；三是丙；四是丁。") == 4
    assert count_items("对燃气、桥梁、隧道、排水、供水、热力、管廊等进行监测。") == 7
    assert count_items("以产业为基础的平台。") is None


def test_refusal_model_probability_and_gate():
    # one feature, coefficient 2 on a standardised value: z = 0.5 + 2 * (0.9 - 0.5) / 0.2 = 4.5
    m = RefusalModel([2.0], 0.5, [0.5], [0.2], ("coverage",))
    p = m.probability({"coverage": 0.9})
    assert p == pytest.approx(1 / (1 + pow(2.718281828459045, -4.5)))
    cfg = DEFAULTS.with_(found_threshold=0.5)
    assert decide({"typed": 0.0, "kind_ok": 0.0}, 0.9, cfg)
    assert not decide({"typed": 1.0, "kind_ok": 0.0}, 0.99, cfg)  # a "when" without a date
    assert not decide({"typed": 1.0, "kind_ok": 1.0}, 0.4, cfg)


def test_an_english_question_is_found_on_its_own_threshold():
    from qa.answer import level_of

    cfg = DEFAULTS.with_(found_threshold=0.5, english_threshold_shift=-0.05, low_band=0.1)
    en = {"typed": 0.0, "kind_ok": 0.0, "english": 1.0}
    zh = {"typed": 0.0, "kind_ok": 0.0, "english": 0.0}
    assert decide(en, 0.47, cfg) and not decide(zh, 0.47, cfg)
    assert not decide(en, 0.44, cfg)
    assert level_of(0.56, True, cfg, english=True) == "medium"  # 0.45 + 0.1 reached
    assert level_of(0.56, True, cfg) == "low"  # 0.5 + 0.1 not


def test_glossary_summary_quotes_each_chosen_note_by_its_first_sentence(answerer, fake_pipeline):
    ans = _verified(answerer.ask("帮我总结一下工作注释"))
    # the glossary's two parts name the runs of notes they head, each cited once
    parts = [c for c in ans.citations if c.text in ("一、2024年工作回顾", "二、2025年工作安排")]
    assert [c.text for c in parts] == ["一、2024年工作回顾", "二、2025年工作安排"]
    assert ans.asked == "summary" and len(ans.citations) == 8 + len(parts)
    notes = {p.id: p for p in fake_pipeline.index.passages if p.kind == "note"}
    for c in ans.citations:
        if c in parts:
            continue
        (p,) = [
            p for p in notes.values() if p.source == c.source and p.spans[0][0] == c.spans[0][0]
        ]
        assert c.text == fake_pipeline.index.sentence_text(
            fake_pipeline.index.sentences[fake_pipeline.index.sentences_of(p.id)[0]]
        )


def test_words_quoted_alone_are_about_the_one_named_right_after(answerer):
    ans = _verified(answerer.ask("李发权引用的文件提出要千方百计推动什么？"))
    assert ans.found and "农业增效益" in ans.answer


def test_such_messages_are_the_quotations_set_apart_before_them(answerer):
    """这样的消息 points back at the quotations in the paragraph before: they are quoted
    too, first, in the order of the page."""
    ans = _verified(answerer.ask("尼玛琼拉最近接连收到了什么样的消息？"))
    assert [c.text[:6] for c in ans.citations] == ["“一定要把我", "这两天,全国"]


def test_a_numbered_part_is_named_by_its_heading_line(answerer):
    ans = _verified(answerer.ask("政府工作报告第三部分的标题是什么？"))
    assert [c.text for c in ans.citations] == ["三、全面提升政府治理效能"]
    ans = _verified(answerer.ask("工作注释第二部分的标题是什么"))
    assert [c.text for c in ans.citations] == ["二、2025年工作安排"]
    assert not answerer.ask("报告第五部分叫什么").found  # the page has no such part
    # asked of other documents only, the page's heading is not theirs to cite
    elsewhere = answerer.ask("政府工作报告第三部分的标题是什么？", sources={"/nowhere.txt"})
    assert not elsewhere.found and not elsewhere.citations


def test_sentence_naming_more_of_the_focus_wins_among_those_of_the_kind(answerer):
    ans = _verified(answerer.ask("万荣入选省级消费品特色园区的是哪个园区？"))
    assert "万荣现代农业产业示范区" in ans.answer


def test_a_list_of_kinds_runs_on_into_the_next_sentence(answerer):
    """依法接受人大法律监督和工作监督，…政协民主监督。 加强审计监督、统计监督，…: the kinds of
    监督 continue in the paragraph's next sentence, which is quoted too."""
    ans = _verified(answerer.ask("政府要依法接受哪些监督？"))
    assert "政协民主监督" in ans.answer and "统计监督" in ans.answer


def test_a_sentence_referring_back_to_the_person_asked_about_counts_their_name(answerer):
    """这位…创业者坚信…: the sentence after the one naming 袁玉宇 is about him, and it is the
    one that says what he believes."""
    ans = _verified(answerer.ask("袁玉宇坚信什么？"))
    assert "创新驱动发展道路" in ans.answer


def test_page_summary_cites_what_each_item_is_about(answerer, fake_pipeline):
    """One item an article (and one for the glossary), each opened by its title line, cited
    where it stands on the page."""
    ans = _verified(answerer.ask("帮我总结一下这一版报纸都讲了哪些内容"))
    assert ans.asked == "summary" and ans.found
    titles = {h[0] for p in fake_pipeline.index.passages for h in p.headings[:1]}
    cited = [c.text for c in ans.citations if c.text in titles]
    assert "工作注释" in cited and "凝聚广泛共识 汇聚强大合力" in cited
    assert len(cited) == len(set(cited)) >= 5  # each heading once
    for line in ans.answer.splitlines()[1:]:  # each item opens with its heading
        assert re.match(r"[^：]+(?:\[\d+\])?：", line)


def test_summary_of_an_article_in_sections_gives_one_item_a_section(answerer):
    """The story runs under kickers (履职尽责,聚焦民生—— …): each section is an item that
    opens with its kicker, and the article is found by what the question names."""
    ans = _verified(answerer.ask("两会代表委员那篇报道主要讲了些什么？简单概括下"))
    assert ans.asked == "summary" and ans.found
    # four sections and items to spare: the longest ones add their closing sentences
    assert ans.answer.startswith("汇集民智，筑牢“中国之治”的坚固基石[1]要点（6条")
    for kicker in ("履职尽责,聚焦民生——", "民主民生,交融共鸣——", "凝心聚力,共创未来——"):
        assert kicker in ans.answer


def test_what_a_named_section_explains_is_its_summary(answerer):
    ans = _verified(answerer.ask("工作注释部分大概都解释了哪些内容？"))
    assert ans.asked == "summary" and "2024年工作回顾" in ans.answer
    assert answerer.ask("报告说抓落实要得法，要善于抓哪些方面？").asked == "list"


def test_an_english_overview_of_the_page_is_a_page_summary(answerer):
    ans = _verified(answerer.ask("Can you give me a quick overview of everything on this page?"))
    assert ans.asked == "summary" and ans.found and "本页" in ans.answer


def test_what_the_whole_page_holds_is_a_page_summary(answerer):
    ans = _verified(answerer.ask("这一整版都有哪些内容？简单说说"))
    assert ans.asked == "summary" and "本页" in ans.answer


def test_a_summary_scope_ignores_nouns_no_scope_holds(answerer):
    """新华社 stands only in the closing dateline, 观点 nowhere: the scope is the one holding
    the nouns that do occur (人民政协's commentary), not a refusal."""
    ans = _verified(answerer.ask("新华社那篇关于人民政协的评论主要观点是什么？请简要总结。"))
    assert ans.asked == "summary" and ans.found
    assert "凝聚广泛共识 汇聚强大合力" in ans.answer


def test_a_note_named_by_its_alias_is_on_the_questions_focus(answerer):
    """全省“1+N”人才政策 names the note 「1+N」, whose text writes “1” and “N”: its sentence
    holding the number asked is the answer, not a miss."""
    ans = _verified(answerer.ask("全省“1+N”人才政策首批推出了多少项专项配套政策？"))
    assert ans.found and "首批推出10项" in ans.answer
    assert answerer.holds_kind(
        answerer.analyse("全省“1+N”人才政策首批推出了多少项专项配套政策？"), ans.citations
    )


def test_the_focus_leaves_out_the_document_and_the_noun_asked_for(answerer):
    """报告 names the document and 态度 is what 什么 asks for: neither has to stand in the
    sentence quoted (习惯过紧日子，严控一般性支出…)."""
    q = answerer.analyse("对于一般性支出，报告是什么态度？")
    assert "报告" not in answerer.focus(q) and "态度" not in answerer.focus(q)
    assert "政策" in answerer.focus(answerer.analyse("报告里的人才政策是什么"))
    # beside another noun, the one 什么 asks for still marks the answering sentence
    focus = answerer.focus(answerer.analyse("袁玉宇坚信坚持走什么道路？"))
    assert "道路" in focus and len(focus) >= 2


def test_words_no_document_holds_are_the_unknown_signal(answerer):
    def unknown(q):
        return answerer.unknown_words(analyse(q, answerer.index.term_keys))

    assert {"天气"} <= set(unknown("明天运城天气怎么样？"))
    assert "2022" in unknown("Who won the 2022 FIFA World Cup final?")
    assert "红烧肉" in unknown("红烧肉怎么做才好吃")
    # the page's own words, the asked category and the document are not unknown
    assert unknown("吨半粮是什么意思") == []
    assert unknown("张虹的身份是什么？") == []
    assert unknown("这篇评论的结尾说了什么") == []
    assert unknown("配置多少台自动体外除颤器？") == []
    assert unknown("配置1,000台除颤器？") == []
    # a noun inside a phrase the tagger keeps whole (今天天气/i), a Latin name no page writes
    assert "天气" in unknown("今天天气怎么样？")
    assert {"python", "json"} <= set(unknown("Python怎么读取JSON文件？"))
    assert unknown("OTA平台是什么") == []  # the page writes OTA
    assert unknown("千方百计推动什么") == []  # an idiom the page holds


def test_a_how_question_is_answered_by_the_whole_sentence(answerer):
    """A clause ending in a semicolon is followed by the clauses after it, to the full stop."""
    ans = _verified(answerer.ask("市政府党组会议提出要怎么推动企业转型升级？"))
    assert ans.asked == "method"
    assert "实施技术改造" in ans.answer and "企业梯队建设" in ans.answer


def test_the_parts_of_a_named_section_are_its_run_in_heads(answerer):
    ans = _verified(answerer.ask("报告“全面提升政府治理效能”分了哪几个方面？"))
    heads = [c.text for c in ans.citations]
    assert "分5个方面" in ans.answer and len(heads) == 5
    assert heads[0] == "政治引领铸忠诚。" and heads[-1] == "廉洁奉公扬正气。"
    # a question that names no section is not answered by an outline
    assert "个方面：" not in answerer.ask("晋创谷的5方面政策措施包括哪些？").answer


def test_a_large_corpus_summarises_the_found_article_from_its_neighbours(fake_pipeline):
    """Above Settings.ann_threshold the scope is the article the search finds, read from the
    passages around it (no pass over the corpus); it gives what the title lookup gives."""
    small = Answerer(fake_pipeline.retriever, DEFAULTS.with_(found_threshold=0.0))
    large = Answerer(fake_pipeline.retriever, DEFAULTS.with_(found_threshold=0.0, ann_threshold=10))
    q = "帮我总结一下“凝聚广泛共识 汇聚强大合力”这篇评论"
    want, got = small.ask(q), _verified(large.ask(q))
    assert got.asked == "summary" and "@" not in got.answer
    assert [c.text for c in got.citations] == [c.text for c in want.citations]
    assert len(got.citations) >= 3
    assert "_groups" not in vars(large)  # the corpus-wide grouping was never built


def test_a_storys_closing_dateline_answers_when_it_was_sent(answerer):
    ans = _verified(answerer.ask("“凝聚广泛共识 汇聚强大合力”这篇新华社评论是哪天发的？"))
    assert ans.asked == "time" and "3月3日" in ans.answer
    summary = _verified(answerer.ask("帮我总结一下“凝聚广泛共识 汇聚强大合力”这篇评论"))
    assert "新华社北京" not in summary.answer  # a dateline is no point of a summary


def test_the_note_of_the_term_asked_about_is_its_definition(answerer):
    """晋创谷's note names the term again further on (6市晋创谷挂牌运营): still its definition."""
    q = analyse("晋创谷是什么？", answerer.index.term_keys)
    part = answerer.answer_one(q)
    assert part.citations and part.citations[0].text.startswith("促进四链融合")
    assert part.units[0]["features"]["kind_ok"] == 1.0


def test_one_everyday_noun_is_no_focus(answerer):
    """免费送戏下乡计划多少场: 计划 is the only noun, the topic is in the verbs."""
    assert answerer.focus(analyse("免费送戏下乡计划多少场？")) == []
    assert "政策" in answerer.focus(analyse("报告里的人才政策是什么"))


def test_the_subject_may_be_named_by_the_sentence_before_the_answer(answerer):
    """要健全机制抓落实。 names the subject, the next sentence gives the method asked for."""
    q = analyse("健全机制抓落实要用好什么工作法？", answerer.index.term_keys)
    part = answerer.answer_one(q)
    assert any("四精四账" in c.text for c in part.citations)
    assert part.units[0]["features"]["kind_ok"] == 1.0


def test_a_sentence_about_her_is_about_the_person_named_last_before_it(answerer):
    """今年全国两会,她将积极建言… follows the sentence that names 张虹: asked what 张虹 will do,
    that sentence is on the question's subject; asked about 卢伟英, named in another part of
    the story, it is not hers."""
    idx = answerer.index
    (pid,) = [p.id for p in idx.passages if "她将积极建言" in p.text]
    p = idx.passages[pid]
    at = p.text.index("今年全国两会,她将")
    assert answerer.antecedent(p, at, p.text[at:]) == "张虹"
    # a sentence that names its own person refers to no one before it
    assert answerer.antecedent(p, 0, "全国政协委员张虹说她很高兴") is None
    q = analyse("张虹今年两会打算干嘛", idx.term_keys)
    r = answerer.retriever.search(q.text)
    cite = p.cite(1, p.text[at : p.text.index("。", at) + 1], [], 1.0)
    assert answerer.holds_kind(q, [cite], r.hits)
    q = analyse("杜明燕今年两会打算干嘛", idx.term_keys)
    assert not answerer.holds_kind(q, [cite], answerer.retriever.search(q.text).hits)


def test_a_dateline_answers_only_when_where_and_who_sent(answerer):
    from qa.ingest.lines import DATELINE

    for q in ("明天北京会下雨吗", "北京今天天气好吗", "新华社北京电讲了什么事"):
        ans = _verified(answerer.ask(q))
        assert not any(DATELINE.match(c.text) for c in ans.citations)


def test_a_text_in_one_paragraph_is_summed_up_head_by_head(answerer):
    """锚定目标…: one paragraph divided by 要…抓落实。 heads: each head and the sentence after it,
    not one sentence for the whole text."""
    ans = _verified(answerer.ask("总结一下《锚定目标 紧抓快干》那篇文章"))
    assert ans.asked == "summary" and "要点（4条）" in ans.answer
    for head in (
        "要健全机制抓落实。",
        "要注重方法抓落实。",
        "要改进作风抓落实。",
        "要守牢底线抓落实。",
    ):
        assert head in ans.answer
    assert "强化有解思维" in ans.answer  # what 要注重方法抓落实 asks for


def test_a_list_whose_items_stand_one_per_paragraph_is_gathered(answerer):
    """建设法治政府。… 建设效能政府。… 建设实干政府。… 建设清廉政府。 stand in four paragraphs of
    the report's third part: a which-kinds question gets all four, each cited, with the count."""
    ans = _verified(answerer.ask("报告第三部分提出要建设哪几种政府"))
    assert ans.found and "共4项" in ans.answer
    for kind in ("法治政府", "效能政府", "实干政府", "清廉政府"):
        assert sum(kind in c.text for c in ans.citations) == 1


def test_who_answered_by_a_sentence_that_refers_back_names_the_person(answerer):
    """这位…“80后”海归创业者坚信… names nobody: the sentence naming 袁玉宇 comes first."""
    ans = _verified(answerer.ask("那个受过总书记鼓励的80后海归创业者是谁"))
    assert ans.found and "袁玉宇" in ans.citations[0].text
    assert any("80后" in c.text for c in ans.citations[1:])


def test_a_summary_leaves_out_quoted_words_and_a_sign_off(answerer):
    """The commentary quotes 习近平总书记强调，“…” and signs off 预祝大会圆满成功！: neither is
    one of its points."""
    ans = _verified(answerer.ask("帮我概括一下《凝聚广泛共识 汇聚强大合力》这篇评论讲了什么"))
    assert ans.asked == "summary" and ans.found
    assert not any(c.text.startswith("预祝") for c in ans.citations)
    assert not any(c.text.endswith("”。") and "“" not in c.text for c in ans.citations)


def test_an_english_question_names_its_subject_in_pinyin(answerer):
    """Houma-Hejin is 侯马, 河津: a company sentence from another story does not answer which
    company builds that road."""
    q = analyse(
        "Which company will build the Houma-Hejin bypass on National Highway 108?",
        answerer.index.term_keys,
    )
    assert answerer.english_names(q) == ["侯马", "河津"]
    idx = answerer.index
    (p,) = [p for p in idx.passages if "顺衡速运有限公司" in p.text]
    at = p.text.index("从一名快递小哥")
    cite = p.cite(1, p.text[at : p.text.index("。", at) + 1], [], 1.0)
    hits = [Hit(p, 1.0, 1, {})]
    assert not answerer.holds_kind(q, [cite], hits)
    # the same sentence answers a question naming its own person
    q = analyse("Which company does Wang Yong work for?", answerer.index.term_keys)
    assert answerer.english_names(q) == ["汪勇"]
    assert answerer.holds_kind(q, [cite], hits)


def test_how_to_do_what_a_paragraph_opens_with_gives_its_steps(answerer):
    """带头尊法守法，建设法治政府。 heads its paragraph: how to build it is the sentences after."""
    ans = _verified(answerer.ask("政府打算怎么建设法治政府？"))
    assert ans.found and "建设法治政府" in ans.citations[0].text
    assert any("落实政府权责清单制度" in c.text for c in ans.citations)
    assert any("依法接受人大法律监督" in c.text for c in ans.citations)


def test_words_quoted_alone_are_said_by_the_person_the_next_sentence_names(answerer):
    ans = _verified(answerer.ask("“只有千方百计走到群众中间,建言资政才能更有力度”是谁说的"))
    assert ans.found and any("杜明燕" in c.text for c in ans.citations)


def test_the_source_of_a_document_is_no_search_word(answerer):
    """the Xinhua commentary: 新华 says where to look, not what the answer is about."""
    q = analyse("How many years has the CPPCC existed according to the Xinhua commentary?")
    assert "新华" in answerer.english_names(q)
    assert "新华" not in answerer.specific_names(q)


def test_a_sentence_naming_only_who_felt_it_comes_with_the_quotation_before(answerer):
    ans = _verified(answerer.ask("杜明燕有啥感触"))
    assert ans.found and any(c.text.startswith("“只有千方百计") for c in ans.citations)


def test_two_people_compared_are_each_who_the_page_says_they_are(answerer):
    """张虹和杜明燕都是…: the sides are the two names (not 杜明燕都是全国政协委员), each with the
    sentence that titles her."""
    question = "张虹和杜明燕都是全国政协委员，她们的身份背景有何不同"
    assert analyse(question, answerer.index.term_keys).compared == ("张虹", "杜明燕")
    ans = _verified(answerer.ask(question))
    assert ans.asked == "comparison"
    assert "「张虹」" in ans.answer and "「杜明燕」" in ans.answer
    # (which sentence each side finds rests on the vectors: the fake's are not e5's)
    assert any("张虹" in c.text or "杜明燕" in c.text for c in ans.citations)


def test_a_question_naming_a_run_in_head_is_answered_from_its_paragraph(answerer):
    """廉洁奉公那段 names the paragraph opened by 廉洁奉公扬正气。: what kind of government it
    builds is said there (建设清廉政府), not in the sentence elsewhere nearest in meaning."""
    ans = _verified(answerer.ask("政府工作报告里 廉洁奉公 那段 说要建设啥政府"))
    assert ans.found and any("建设清廉政府" in c.text for c in ans.citations)


def test_an_english_question_about_a_person_takes_their_quoted_words(answerer):
    """“现在灵活就业人员这个群体约有2亿人…” names nobody; its paragraph names 汪勇, who says it."""
    q = analyse("According to deputy Wang Yong, how many flexible workers are there?")
    idx = answerer.index
    (p,) = [p for p in idx.passages if "约有2亿人" in p.text]
    at = p.text.index("“现在灵活就业人员")
    cite = p.cite(1, p.text[at : p.text.index("”", at) + 1], [], 1.0)
    assert "汪勇" not in p.text and "汪勇" in idx.passages[p.id - 1].text  # said before
    assert answerer.holds_kind(q, [cite], [Hit(p, 1.0, 1, {})])
    other = [x for x in idx.passages if "杜明燕" in x.text and "汪勇" not in x.text][0]
    at = other.text.index("“只有")
    cite = other.cite(1, other.text[at : other.text.index("”", at) + 1], [], 1.0)
    assert not answerer.holds_kind(q, [cite], [Hit(other, 1.0, 1, {})])


def test_what_a_question_is_about_by_guanyu_is_in_the_answer(answerer):
    """关于执法，…提出了什么要求: the sentence about 执法, not one that says 提出了…要求."""
    ans = _verified(answerer.ask("关于执法，报告提出了什么要求？"))
    assert ans.found and all("执法" in c.text for c in ans.citations)


def test_a_one_line_sign_off_answers_nothing(answerer):
    idx = answerer.index
    (i,) = [i for i, s in enumerate(idx.sentences) if idx.sentence_text(s).startswith("预祝大会")]
    assert answerer._sign_off(i)
    ans = answerer.ask("明天北京会下雨吗")
    assert not any(c.text.startswith("预祝") for c in ans.citations)


def test_the_words_asked_for_are_those_the_person_says(answerer):
    # the quotation stands a paragraph after the one naming him, its speaker referred back to
    ans = _verified(answerer.ask("袁玉宇那句鼓劲的话怎么说的"))
    assert any("不怕风高浪急" in c.text for c in ans.citations)


def test_a_terms_note_lists_the_items_its_heading_names(answerer):
    ans = _verified(answerer.ask("四菜一汤一饼都包括哪些美食？"))
    assert ans.found and "黄河大鲤鱼" in ans.answer and "舜帝烧饼" in ans.answer


def test_a_yes_or_no_about_a_person_needs_that_person(answerer):
    from qa.question import analyse

    q = analyse("李发权是不是全国人大代表")
    hits = answerer.retriever.search(q.text, k=5).hits
    cite = answerer._cite_sentence(
        next(
            i
            for i, s in enumerate(answerer.index.sentences)
            if "快递小哥成长为全国人大代表" in answerer.index.sentence_text(s)
        )
    )
    assert not answerer.holds_kind(q, [cite], hits)
    assert answerer.holds_kind(analyse("汪勇是不是全国人大代表"), [cite], hits)


def test_an_article_named_on_the_page_is_the_summary_scope_not_the_page(answerer):
    ans = _verified(answerer.ask("Summarize the Xinhua commentary about the CPPCC on this page."))
    # (found by meaning: the fake embedder finds some article, not the page)
    assert ans.asked == "summary" and "本页" not in ans.answer
    # summarize in a Chinese question asks a summary too
    assert answerer.analyse("summarize一下新华社那篇讲人民政协的评论").asked == "summary"


def test_a_page_summary_item_is_no_string_of_quotations(answerer):
    ans = _verified(answerer.ask("这一版报纸都讲了些啥 帮我概括下"))
    assert ans.asked == "summary"
    assert not any(c.text.startswith("“一定要把我们的感谢") for c in ans.citations)


@pytest.mark.parametrize(
    ("question", "place", "said"),
    [
        ("15件省级民生实事里第五件是什么？", "第5项（共15项）", "促进高校毕业生就业"),
        ("15件省级民生实事里最后一件是什么？", "第15项（共15项）", "城市书房"),
        ("5家省级消费品特色园区里第三家是哪个？", "第3项（共5项）", "临猗县生活用纸"),
    ],
)
def test_a_place_in_a_named_list_quotes_that_item_alone(answerer, question, place, said):
    ans = _verified(answerer.ask(question))
    assert ans.found and place in ans.answer
    assert len(ans.citations) == 1 and said in ans.citations[0].text
    assert "一是" not in ans.citations[0].text  # the item, not the whole list


def test_a_texts_ending_is_read_in_its_last_paragraphs(answerer):
    page = read_exact(Path(answerer.index.passages[0].source))
    report_end = page[page.index("习惯过紧日子") : page.index("工作注释")]
    ans = _verified(answerer.ask("报告结尾说要以什么样的决心干事"))
    assert ans.citations and all(c.text in report_end for c in ans.citations)
    # a commentary is no report: its ending is another text's last paragraphs
    ans = _verified(answerer.ask("评论结尾引用的“众志成城”是哪句话？"))
    assert ans.citations and not any(c.text in report_end for c in ans.citations)
    assert answerer._closing_paragraphs(answerer.analyse("报告里说要以什么样的决心干事")) is None


def test_items_to_spare_give_the_longest_paragraphs_their_closing_point(answerer):
    # the commentary has fewer paragraphs than items: its longest paragraph opens on its
    # topic (…关键要坚持围绕中心、服务大局。) and ends on its point (…建真言、献良策、出实招。)
    ans = _verified(answerer.ask("帮我概括一下《凝聚广泛共识 汇聚强大合力》这篇评论讲了什么"))
    assert ans.asked == "summary" and "建真言、献良策、出实招" in ans.answer
    n = int(re.search(r"要点（(\d+)条", ans.answer).group(1))
    assert n == len(ans.citations) - 1  # every point counted; the title line is no point


def test_a_part_going_on_about_a_part_not_found_is_not_found_either(answerer):
    # 怎么申报认定 is not on the page; 流程是啥 (no subject of its own) asks the same thing,
    # and the term's definition is no answer to it
    ans = _verified(answerer.ask("专精特新企业怎么申报认定，流程是啥"))
    assert not ans.found and [p["found"] for p in ans.parts] == [False, False]
    # a part that names its subject again (它) is a question of its own
    assert decide({"typed": 0.0, "kind_ok": 0.0, "leans_on_refused": 0.0}, 0.9, DEFAULTS)
    assert not decide({"typed": 0.0, "kind_ok": 0.0, "leans_on_refused": 1.0}, 0.9, DEFAULTS)


def test_a_relation_between_two_things_needs_both_found(answerer):
    # (the real model refuses 舜帝烧饼跟舜帝有啥关系: tests/test_answer.py) a difference asked
    # is answered side by side; a relation is refused when a side is not found
    ans = _verified(answerer.ask("“两区”和“三门户”有什么区别"))
    assert ans.found and "两区" in ans.answer and "三门户" in ans.answer
    assert not decide({"typed": 0.0, "kind_ok": 1.0, "side_missing": 1.0}, 0.9, DEFAULTS)


def test_a_personal_how_to_naming_nothing_of_the_documents_is_not_found(answerer):
    # (found_threshold is 0 here: only the gate refuses)
    for q in ("How do I make sourdough bread at home?", "how to fix a flat bike tire"):
        ans = answerer.ask(q)
        assert not ans.found and ans.signals[0]["features"]["unanchored_howto"] == 1.0
    # naming something as the documents write it, the same how-to is judged as any other
    # (here the page says who it covers, not how to apply: the method check refuses it)
    ans = answerer.ask("How do I apply for 惠商保?")
    assert ans.signals[0]["features"]["unanchored_howto"] == 0.0
    # and a how-question about the documents' own subject is no personal how-to
    ans = answerer.ask("How does the report plan to stabilise employment?")
    assert ans.signals[0]["features"]["unanchored_howto"] == 0.0


def test_heads_set_side_by_side_are_gathered_with_their_count(answerer):
    # four short heads, paragraphs apart, end on the words the question asks them by
    ans = _verified(answerer.ask("市政府会议提出了哪几个抓落实的要求"))
    assert ans.answer.startswith("共4项：") and len(ans.citations) == 4
    assert [c.text for c in ans.citations][-1] == "要守牢底线抓落实。"
    # words before the interrogative say what is asked about, not what the items are
    ans = _verified(answerer.ask("抓落实要得法，要善于抓哪些方面？"))
    assert "要健全机制抓落实" not in ans.answer


def test_what_a_run_in_head_says_is_its_paragraph_not_its_section(answerer):
    # (an ordinal follow-up reads 第二个讲的什么 as this) the section's summary is too wide
    ans = _verified(answerer.ask("法治护航促公正讲的什么"))
    assert ans.asked != "summary" and "建设法治政府" in ans.answer
    assert ans.citations[0].text == "法治护航促公正。"  # the head, then what it says
    assert "政治引领铸忠诚" not in ans.answer


def test_a_description_is_of_the_head_of_what_it_names():
    from qa.answer import described_head
    from qa.question import analyse

    texts = ["2025年1月,日喀则市定日县发生6.8级地震。", "尼玛琼拉又专程走进安置点:一间间整洁的板房"]
    assert described_head(analyse("定日地震的安置点是啥样的"), texts) == "安置点"
    # without 的, the longest end of the subject some text names; 条件 only says which side
    assert described_head(analyse("定日地震安置点条件怎么样"), texts) == "安置点"
    # a change asked (从什么样变成什么样) or any other question describes no thing
    assert described_head(analyse("审批服务要从什么样变成什么样？"), texts) is None
    assert described_head(analyse("定日地震是几级"), texts) is None


def test_a_passage_holding_a_value_of_the_kind_asked_is_told_apart(answerer):
    from qa.question import analyse

    idx = answerer.index
    q = analyse("How many years of history has the CPPCC gone through?")
    (holds,) = [p.id for p in idx.passages if "走过75年光辉历程" in p.text]
    (lacks,) = [p.id for p in idx.passages if p.text.startswith("预祝大会圆满成功")]
    assert answerer._holds_kind_in(q, [holds]) and not answerer._holds_kind_in(q, [lacks])
    # the sentence quoted is found by its text, for the features read off it
    s = next(i for i, x in enumerate(idx.sentences) if "走过75年" in idx.sentence_text(x))
    assert answerer._sentence_id[idx.sentence_text(idx.sentences[s])] == s


def test_a_place_among_a_sections_heads_is_that_head(answerer):
    ans = _verified(answerer.ask("政府工作报告全面提升政府治理效能部分第四个方面是啥"))
    assert "第4项（共5项）" in ans.answer and ans.citations[0].text == "千字当头勇作为。"
    # what the question asks of the item, asked of the head (its paragraph answers)
    ans = _verified(answerer.ask("政府工作报告全面提升政府治理效能部分最后一个方面要建设什么政府"))
    assert "清廉政府" in ans.answer


def test_a_persons_home_is_read_as_the_place_their_title_names(answerer):
    # 尼玛琼拉 is titled 西藏日喀则市人大常委会副主任 and the earthquake sentence does not
    # name her: the question is read with her place in place of her home
    ans = _verified(answerer.ask("尼玛琼拉家乡年初发生了什么灾害？"))
    assert ans.reading == "place" and ans.standalone_question.startswith("日喀则市")
    assert "6.8级地震" in ans.answer
    # asking where the home is asks for the place itself; no home named, no reading
    assert answerer.home_place("徐晓婵的老家在哪") is None
    assert answerer.home_place("日喀则今年初出了什么事") is None
    assert answerer.home_place("杜明燕老家那边有什么特产") == "满洲里市那边有什么特产"


def test_a_quantity_named_by_its_unit_is_stated_by_a_number_in_that_unit():
    from qa.answer import measured_by_unit

    assert measured_by_unit("地震震级", "2025年1月,日喀则市定日县发生6.8级地震。")
    # the unit after a number, and the quantity's other characters in the sentence
    assert not measured_by_unit("地震震级", "2025年1月,日喀则市定日县发生地震。")
    assert not measured_by_unit("震级", "建成6.8级公路")


def test_a_second_interrogative_naming_a_category_is_no_relation():
    from qa.question import relation_words

    # 哪个医院哪个科室: 科室 is the kind of the second answer (急诊科), not a relation
    assert relation_words(analyse("徐晓婵在哪个医院哪个科室工作？")) == []


def test_the_line_next_to_a_quoted_one_is_quoted_with_it(answerer):
    # the line after, in the same sentence; the line after a sentence's end, the next one
    ans = _verified(answerer.ask("“一跃龙门天地开”下一句是啥"))
    assert ans.asked == "fact" and "更上层楼气象新" in ans.answer
    ans = _verified(answerer.ask("“众志成城开千仞峰”下一句"))
    assert "同心踏破万重关" in ans.answer
    ans = _verified(answerer.ask("“更上层楼气象新”上一句是什么"))
    assert "一跃龙门天地开" in ans.answer


def test_which_characters_an_abbreviation_is_made_of_asks_what_it_stands_for(answerer):
    ans = _verified(answerer.ask("合汽生材是哪四个字的意思"))
    assert ans.asked == "definition" and "“汽”是智能网联汽车" in ans.answer


def test_what_is_said_about_a_topic_is_the_heads_set_side_by_side_on_it(answerer):
    # 关于抓落实 names what the items are about; the newspaper named is no word to find
    for question in ("报纸上关于抓落实提了哪些要求", "版面上关于抓落实提了哪些要求，简单概括下"):
        ans = _verified(answerer.ask(question))
        assert ans.asked == "list" and ans.answer.startswith("共4项"), question
        assert "要健全机制抓落实。" in ans.answer and "要守牢底线抓落实。" in ans.answer


def test_an_article_summary_ends_on_its_closing_sentence(answerer):
    """The commentary's last paragraph concludes it: its last sentence is the last point."""
    ans = _verified(answerer.ask("概括下《凝聚广泛共识 汇聚强大合力》这篇文章"))
    assert ans.asked == "summary"
    assert ans.citations[-1].text.endswith("把强国建设、民族复兴的伟大事业不断推向前进。")


def test_sentences_opening_alike_are_points_side_by_side(answerer):
    """要实质性改善营商环境… 要推动企业转型升级…: the second is a point, not the closing clause."""
    ans = _verified(answerer.ask("市政府党组扩大会议那篇稿子要点"))
    assert ans.asked == "summary"
    texts = [c.text for c in ans.citations]
    assert any(t.startswith("要实质性改善营商环境") for t in texts)
    assert any(t.startswith("要推动企业转型升级") for t in texts)


def test_sections_ending_alike_give_their_parallel_points():
    from qa.answer import _ending, _shared_ending
    from qa.settings import DEFAULTS

    sections = [
        ["始终把政治建设摆在首位，加强政府系统政治机关建设。", "坚持党的领导，建设人民满意政府。"],
        ["落实政府权责清单制度，推进严格规范公正文明执法。", "带头尊法守法，建设法治政府。"],
        ["落实新时代党建引领基层治理示范区创建要求，建设效能政府。", "推进数字政府建设。"],
        ["践行正确政绩观，建设实干政府。"],
    ]
    assert _ending("带头尊法守法，建设法治政府。") == "政府"
    share = DEFAULTS.summary_parallel_share
    assert _shared_ending(sections, share) == "政府"
    assert _shared_ending(sections[:2], share) == ""  # two sections set nothing side by side
