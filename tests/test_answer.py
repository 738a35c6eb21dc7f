"""Cited answers on the real page: every quote is checkable, refusals are honest."""

from __future__ import annotations

import json

import pytest
from conftest import ROOT, read_exact

from qa.answer import clean_question
from qa.types import join_spans

ON_BOTH_STORES = True  # the pipeline tests run on the folder and on Milvus Lite (conftest.py)


def test_clean_question_rejects_bad_input():
    assert clean_question("")[1]
    assert clean_question("   \t ")[1]
    assert clean_question("\x00\x01\x07")[1]
    assert clean_question("x" * 2001)[1]
    q, err = clean_question("吨半粮\x00是什么")
    assert err is None and q == "吨半粮 是什么"


@pytest.mark.slow
def test_glossary_answer_is_the_definition(pipeline):
    ans = pipeline.answerer.ask("what does 吨半粮 mean")
    assert ans.found and "1500公斤" in ans.answer and ans.answer.endswith("[1]")
    (c,) = ans.citations
    assert "注释5" in c.title and "吨半粮" in c.title
    assert join_spans(read_exact(ROOT / c.source), c.spans) == c.text


@pytest.mark.slow
def test_fact_answer_quotes_the_right_sentence(pipeline):
    ans = pipeline.answerer.ask("15件民生实事里住宅自愿加装电梯多少部？")
    assert ans.found and "600部" in ans.answer
    assert all(f"[{c.n}]" in ans.answer for c in ans.citations)


@pytest.mark.slow
def test_a_description_quotes_the_thing_described(pipeline):
    # the earthquake sentence names 定日 and 地震; the one about 安置点 describes it
    ans = pipeline.answerer.ask("定日地震的安置点是啥样的")
    assert ans.found and "板房" in ans.answer and "6.8级" not in ans.answer


@pytest.mark.slow
@pytest.mark.parametrize(
    "question",
    [
        "运城市2025年GDP增长目标是多少？",
        "吨半粮是哪一年提出的？",
        "晋创谷是哪家公司运营的？",
        # why a name: what the term is says nothing of where its name comes from
        "为啥叫“晋创谷”这个名字？",
        # a relation with one side (舜帝 alone) not on the page
        "舜帝烧饼跟舜帝有啥关系",
    ],
)
def test_honest_not_found(pipeline, question):
    ans = pipeline.answerer.ask(question)
    assert not ans.found
    assert "文档中没有找到" in ans.answer and "do not contain" in ans.answer
    assert ans.related and not ans.citations  # nearest passages, offered as possibly related


@pytest.mark.slow
def test_json_contract_and_spans_for_every_eval_question(pipeline):
    """Every eval question: the JSON fields hold and every citation verifies against its file."""
    files: dict[str, str] = {}
    lines = (ROOT / "eval" / "questions.jsonl").read_text(encoding="utf-8").splitlines()
    for line in lines:
        q = json.loads(line)["question"]
        out = json.loads(json.dumps(pipeline.answerer.ask(q).to_json(), ensure_ascii=False))
        assert set(out) >= {
            "question",
            "found",
            "answer",
            "citations",
            "confidence",
            "level",
            "asked",
        }
        assert 0.0 <= out["confidence"] <= 1.0 and out["level"] in ("high", "medium", "low")
        assert isinstance(out["found"], bool) and isinstance(out["answer"], str)
        for c in out["citations"] + out.get("related", []):
            assert set(c) >= {"n", "source", "title", "text", "spans", "score"}
            assert f"[{c['n']}]" in out["answer"] or not out["found"]
            text = files.setdefault(c["source"], read_exact(ROOT / c["source"]))
            assert "".join(text[s:e] for s, e in c["spans"]) == c["text"]


def test_a_part_of_a_quoted_term_is_not_the_term():
    from qa.answer import only_inside_longer

    assert only_inside_longer("四精", "用好“四精四账”工作法,抓紧明确细化目标")
    assert not only_inside_longer("一利", "“一利”指利润总额；“五率”指资产负债率")
    assert not only_inside_longer("三园", "“一谷三园”：“一谷”即晋创谷；“三园”即绿电产业园区")
    assert not only_inside_longer("四精", "没有这个词")  # absent is another matter


def test_a_topic_switch_marker_keeps_the_question_alone(fake_pipeline):
    """换个话题 is about the conversation, not the page: it is neither read into the question
    (its words would count as missing) nor a reason to lean on the history."""
    ans = fake_pipeline.answerer.ask("换个话题，那它是多少公斤？", history=["吨半粮是什么意思"])
    assert ans.standalone_question is None
    assert [u["question"] for u in ans.signals] == ["那它是多少公斤？"]
    ans = fake_pipeline.answerer.ask("换个话题，吨半粮是多少公斤？", history=["开发区三度指什么"])
    assert [u["question"] for u in ans.signals] == ["吨半粮是多少公斤？"]


def test_an_english_question_s_relation_must_be_stated_in_chinese(fake_pipeline):
    from qa.lexicon import english_relations, states

    assert english_relations("Who is the general manager of 武汉顺衡速运有限公司?") == [("总经理",)]
    assert english_relations("Who chaired the meeting?") == [("主持", "董事长", "主席")]
    assert states("江汉分部经理汪勇", ("经理",)) and not states("江汉分部经理汪勇", ("总经理",))
    ans = fake_pipeline.answerer.ask("Who is the general manager of 武汉顺衡速运有限公司?")
    # the sentence names 汪勇, a manager of a branch: not the general manager asked about
    assert not ans.found and ans.signals[0]["features"]["kind_ok"] == 0.0
    # a standing or a measure asked of something: the note that defines it states neither
    ranking = english_relations("What is Yuncheng's ranking in the city credit index?")
    assert ranking and not states("城市综合信用指数：国家发改委授权国家信息中心编制", ranking[0])
    assert states("位列全国第5", ranking[0])
    assert english_relations("How old is Wang Yong?") == [("岁", "年龄")]


def test_a_relation_word_across_two_words_is_not_said():
    from qa.answer import _said

    assert not _said("市长", "全国人大代表、上海市长宁区虹桥街道")  # 上海市/长宁区
    assert _said("主任", "西藏日喀则市人大常委会副主任尼玛琼拉")  # inside 副主任
    assert _said("经理", "江汉分部经理汪勇")


def test_clauses_that_tell_about_the_asker_are_not_what_is_asked():
    from qa.answer import asked_text
    from qa.question import analyse

    q = analyse("我孙子在读交通专业，他问我“四好农村路”到底是哪“四好”，我也说不清，您给解释解释？")
    assert asked_text(q) == "他问我“四好农村路”到底是哪“四好”，您给解释解释？"
    # a question that leans on the told clause for its subject keeps it
    q = analyse("我想买比特币，现在多少钱")
    assert asked_text(q) == q.text


@pytest.mark.slow
def test_a_body_named_by_its_english_acronym_is_searched_as_the_documents_write_it(pipeline):
    # the model reads CPPCC as letters; 政协 beside the question finds 走过75年光辉历程的人民政协
    ans = pipeline.answerer.ask("How many years of history has the CPPCC gone through?")
    assert ans.found and "75年" in ans.answer


def test_ordinary_english_words_in_a_chinese_question_are_not_unknown(fake_pipeline):
    """sister city is the asker's wording when the Chinese names what the page holds; a
    question whose Chinese names nothing of the page (python里…列表…) keeps them unknown."""
    from qa.question import analyse

    a = fake_pipeline.answerer
    keys = a.index.term_keys
    assert a.unknown_words(analyse("运城新增的 sister city 是哪个", keys)) == []
    assert "python" in a.unknown_words(analyse("python里怎么把一个列表反转", keys))
    # a name, written as one, is unknown however much the Chinese names
    assert "json" in a.unknown_words(analyse("运城新增的 JSON 是哪个", keys))


def test_a_service_s_hotline_must_be_stated():
    from qa.lexicon import english_relations, states

    (hotline,) = english_relations("whats the hotline number for the service")
    assert not states("通过业务融合、系统对接、流程再造，集成办理相关事项", hotline)
    # a phone as a device is no contact detail: the photo on her phone asks no number
    assert english_relations("What does the photo on Sheng Hong's phone show?") == []


def test_dui_le_says_the_question_stands_alone(fake_pipeline):
    ans = fake_pipeline.answerer.ask("对了定日县那个地震是几级的", history=["双高计划是什么"])
    assert ans.standalone_question is None
    assert "双高" not in ans.signals[0]["question"]
