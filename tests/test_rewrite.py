"""Follow-ups read with the conversation: rules over the question's shape, no model."""

from __future__ import annotations

import pytest

from qa.rewrite import RuleRewriter, list_items

KEYS = (
    "三率",
    "三度",
    "三率三度",
    "开发区三率三度",
    "三大灌区",
    "吨半粮",
    "乡村e镇",
    "ota平台",
    "合汽生材",
    "三个一批",
    "三化三制",
)
ANSWERS = {
    "三大灌区是哪几个？": "即尊村、夹马口、北赵3个引黄灌区。",
    "15件民生实事有哪些": "一是养老；二是筛查；三是除颤器；四是助学；五是就业；",
    "会议要求用好什么工作法来抓落实？": "用好“四精四账”工作法,抓紧明确细化目标",
    "三门户是哪三个": "“一城”即富裕、文明、幸福的好运之城；“三门户”即承接门户、旅游门户、开放门户。",
    "“一谷三园”里的三园是哪三个？": "“三园”即绿电产业园区、消费品特色园区、国际合作园区。",
    "3个续建项目是哪几个？": (
        "3个续建项目为国道521线盐湖段改建工程、国道342线闻喜县城过境改线工程、省道新绛段工程；"
        "5个前期项目为国道209线改建工程、国道241线绛县过境段改线工程、国道327线改建工程。"
    ),
}


@pytest.fixture
def rw():
    return RuleRewriter(KEYS, lambda q: ANSWERS.get(q, ""))


@pytest.mark.parametrize(
    ("history", "question", "standalone", "rule"),
    [
        (["乡村e镇是什么？"], "它以什么为支撑？", "乡村e镇以什么为支撑？", "pronoun"),
        (["乡村e镇是什么？"], "运城要建多少这类项目？", "运城要建多少乡村e镇？", "pronoun"),
        # the demonstrative alone stands for the topic: 具体/a 建/v are the question's own
        (["乡村e镇是什么？"], "运城的那个具体建在哪？", "运城的乡村e镇具体建在哪？", "pronoun"),
        (["开发区“三率”指的是什么？"], "那“三度”呢？", "开发区“三度”指的是什么？", "ellipsis"),
        (["“合汽生材”里的“汽”指什么？"], "And 生?", "“合汽生材”里的“生”指什么？", "ellipsis"),
        (["三大灌区是哪几个？"], "第二个是什么？", "三大灌区中的“夹马口”是什么？", "ordinal"),
        (["15件民生实事有哪些"], "最后一件呢？", "15件民生实事中的“五是就业”是什么？", None),
        (
            ["吨半粮是什么意思"],
            "How many kilograms is that?",
            "How many kilograms is 吨半粮?",
            "pronoun",
        ),
        (["吨半粮是什么意思"], "是哪一年提出的？", "吨半粮是哪一年提出的？", "subject"),
        # a name in place of the name asked about, not of the first noun
        (
            ["运城入选的消费品特色园区中，临猗县的是什么园区？"],
            "万荣呢？",
            "运城入选的消费品特色园区中，万荣的是什么园区？",
            "ellipsis",
        ),
        (
            ["运城入选的消费品特色园区中，临猗县的是什么园区？"],
            "盐湖高新区的呢？",
            "运城入选的消费品特色园区中，盐湖高新区的是什么园区？",
            "ellipsis",
        ),
        # a demonstrative phrase is read as the previous answer named it
        (
            ["会议要求用好什么工作法来抓落实？"],
            "这个工作法里的“四精”具体指哪四个？",
            "“四精四账”工作法里的“四精”具体指哪四个？",
            "pronoun",
        ),
        # 这次 before a verb is a time; 其 before a verb is the subject (no 的)
        (
            ["尼玛琼拉是谁？"],
            "这次出发前其专程去了哪里？",
            "这次出发前尼玛琼拉专程去了哪里？",
            "pronoun",
        ),
        # the item replaces what the asking clause is about
        (
            ["15件民生实事里，免费送戏下乡要送多少场？"],
            "加装电梯呢？",
            "15件民生实事里，加装电梯要送多少？",
            "ellipsis",
        ),
        # a count belongs to the old item: the new one is asked openly
        (["“新三样”指哪三样？"], "那“两高”呢？", "“两高”指哪些？", "ellipsis"),
        # it starts with its predicate: the subject was left out, whatever nouns follow
        (
            ["吨半粮是什么意思"],
            "是国家层面的还是省里的？",
            "吨半粮是国家层面的还是省里的？",
            "subject",
        ),
    ],
)
def test_follow_ups_are_rewritten(rw, history, question, standalone, rule):
    r = rw.read(question, history)
    if rule is None:  # list items split by 一是…五是: the last is 就业
        assert r.rule == "ordinal" and "就业" in r.standalone
    else:
        assert (r.standalone, r.rule) == (standalone, rule)


@pytest.mark.parametrize(
    ("history", "question"),
    [
        (["吨半粮是什么意思"], "那么OTA平台是什么？"),  # names its own term: a new topic
        (["吨半粮是什么意思"], "政府工作报告要从严纠治哪些现象？"),  # its own subject
        (["开发区三化三制改革是什么"], "开发区的三个一批又是指什么？"),
        ([], "它以什么为支撑？"),  # no history: nothing to read it with
    ],
)
def test_questions_that_stand_alone_are_left_alone(rw, history, question):
    r = rw.read(question, history)
    assert not r.rewritten and r.standalone == question


def test_a_follow_up_of_a_follow_up_uses_the_rewritten_question(rw):
    # turn 2 reads as 三率有几个？; the ellipsis re-asks that question about 三度
    r = rw.read("那三度呢？", ["开发区“三率”指的是什么？", "它有几个？"])
    assert r.standalone == "三度有几个？"


def test_list_items():
    assert list_items("即尊村、夹马口、北赵3个引黄灌区。") == ["尊村", "夹马口", "北赵3个引黄灌区"]
    assert list_items("“四菜”即黄河大鲤鱼、中条山牛肉；“一汤”即关公羊汤、甲、乙", near="四菜") == [
        "黄河大鲤鱼",
        "中条山牛肉",
    ]
    # heads quoted one after another are the items
    heads = "政治引领铸忠诚。法治护航促公正。治理创新提效能。千字当头勇作为。廉洁奉公扬正气。"
    assert list_items(heads)[3] == "千字当头勇作为"
    assert list_items("践行正确政绩观，建设实干政府。树牢“为人民干事是天职”的理念。") == []


def test_answerer_reads_follow_ups_and_says_so(fake_pipeline):
    ans = fake_pipeline.answerer.ask("那三率呢？", history=["开发区三度指什么"])
    assert ans.standalone_question == "开发区三率指什么"
    assert ans.found and "签约开工率" in ans.answer
    assert ans.to_json()["standalone_question"] == "开发区三率指什么"
    alone = fake_pipeline.answerer.ask("吨半粮是什么意思", history=["开发区三度指什么"])
    assert alone.standalone_question is None and "standalone_question" not in alone.to_json()


def test_a_misspelt_term_is_read_as_spelt_and_says_so(fake_pipeline):
    ans = fake_pipeline.answerer.ask("三大罐区是那三个")
    assert ans.standalone_question == "三大灌区是那三个" and ans.reading == "spelling"
    assert ans.found and "夹马口" in ans.answer
    assert ans.to_json()["reading"] == "spelling"
    follow = fake_pipeline.answerer.ask("那三率呢？", history=["开发区三度指什么"])
    assert follow.reading == "conversation"


def test_zh_int():
    from qa.lang import zh_int

    assert zh_int("两") == 2
    assert [zh_int(s) for s in ("一", "十", "十五", "二十", "二十三", "7", "12", "个")] == [
        1,
        10,
        15,
        20,
        23,
        7,
        12,
        0,
    ]


def test_an_ordinal_after_an_item_pick_counts_in_the_list_not_in_the_item(rw):
    """第五件 quoted one item (its 、 clauses are not a list): 最后一件 is the list's last."""
    item = "五是采取省属企业招聘1万人、招募社区助理3000名等举措"
    rw.answer = lambda q: ANSWERS.get(q) or (item if "就业" in q else "")
    assert "“就业”" in rw.read("第五件是什么？", ["15件民生实事有哪些"]).standalone
    r = rw.read("最后一件呢", ["15件民生实事有哪些", "第五件是什么？"])
    assert r.standalone.endswith("中的“就业”是什么？")  # not 招募社区助理3000名等举措


def test_a_later_part_is_read_like_a_follow_up(fake_pipeline):
    """…出发前去了哪儿？要带伞吗？: a part without its own subject takes the earlier one's."""
    ans = fake_pipeline.answerer.ask("今天北京天气怎么样？要带伞吗")
    # 要带伞吗 names nothing of its own (伞 is one character): it asks about the first
    # part's subject, weather in 北京, which no document holds
    assert [u["question"] for u in ans.signals] == ["今天北京天气怎么样", "今天北京天气要带伞吗"]
    assert [p["question"] for p in ans.parts] == ["今天北京天气怎么样", "今天北京天气要带伞吗"]
    ans = fake_pipeline.answerer.ask("尼玛琼拉出发前去了哪儿？看到了什么？")
    assert ans.signals[1]["question"].startswith("尼玛琼拉")


def test_ellipsis_inside_a_whole_replaces_the_part_asked_about(rw):
    """X里的Y是什么 / X里Y要装多少: the new item takes Y's place, not X's."""
    assert (
        rw.read("饼呢？", ["四菜一汤一饼里的汤是什么？"]).standalone == "四菜一汤一饼里的饼是什么？"
    )
    r = rw.read("送戏下乡呢？", ["15件民生实事里住宅加装电梯要装多少部？"])
    assert r.standalone.startswith("15件民生实事里送戏下乡")


def test_an_english_question_with_its_own_words_is_not_given_the_old_topic(rw):
    q = "What does the report mean by 'two-high' projects?"
    assert rw.read(q, ["乡村e镇是什么？"]).standalone == q
    assert (
        rw.read("How many are there?", ["三大灌区是哪几个？"]).standalone != "How many are there?"
    )


def test_there_points_at_the_last_place_the_answer_named(rw):
    rw.answer = lambda q: "2025年1月,日喀则市定日县发生6.8级地震。" if "灾害" in q else ""
    r = rw.read("那里的受灾群众现在安置得怎么样了", ["尼玛琼拉是谁", "她家乡年初发生了什么灾害？"])
    assert r.standalone == "定日县的受灾群众现在安置得怎么样了"


def test_an_ordinal_points_into_the_list_the_question_named(rw):
    """The answer quotes several enumerations: the one the question named (三门户, 3个续建项目)
    is the list, not the longest."""
    r = rw.read("第三个是啥来着？", ["三门户是哪三个"])
    assert r.rule == "ordinal" and "开放门户" in r.standalone
    r = rw.read("第二个是什么？", ["3个续建项目是哪几个？"])
    assert "国道342线闻喜县城过境改线工程" in r.standalone


def test_an_ordinal_keeps_what_else_is_asked_unless_the_item_says_it(rw):
    r = rw.read("第三个是谁负责建设的", ["3个续建项目是哪几个？"])
    assert r.standalone == "省道新绛段工程谁负责建设的"
    # the item itself names the county: ask what the item is, and quote it
    r = rw.read("第二个在哪个县", ["3个续建项目是哪几个？"])
    assert r.standalone.endswith("“国道342线闻喜县城过境改线工程”是什么？")
    # a list asked of the item keeps being asked; the noun after the ordinal names its kind
    r = rw.read("第二个园区运城有哪几家入选了省级的？", ["“一谷三园”里的三园是哪三个？"])
    assert r.standalone == "消费品特色园区运城有哪几家入选了省级的？"


def test_parts_of_a_quoted_numbered_whole_are_asked_one_after_another(rw):
    """“一城两区三门户”里的一城是什么？ 那两区呢？ 还有呢？: 两区 takes 一城's place (not the
    whole's), and 还有呢 asks the part not asked yet."""
    first = "“一城两区三门户”里的一城是什么？"
    second = rw.read("那两区呢", [first]).standalone
    assert second == "“一城两区三门户”里的两区是什么？"
    third = rw.read("还有呢？", [first, "那两区呢"]).standalone
    assert third == "“一城两区三门户”里的三门户是什么？"
    # nothing numbered to go on: 还有呢 is left as it is
    assert rw.read("还有呢？", ["吨半粮是什么"]).standalone != "“一城两区三门户”里的三门户是什么？"


def test_the_source_a_question_cites_is_not_its_subject(rw):
    """新华社那篇评论说人民政协是…: a later "its" is the CPPCC's, not Xinhua's."""
    assert rw.topic("新华社那篇评论说人民政协是什么样的组织？") == "人民政协"
    r = rw.read(
        "How many activities did its members carry out?",
        ["新华社那篇评论说人民政协是什么样的组织？"],
    )
    assert "人民政协" in r.standalone


def test_english_follow_ups_about_a_named_person_a_place_and_a_part(rw):
    """Who is Yuan Yuyu? then "he" is Yuan Yuyu, "what about his background" his; "that city"
    is the place the last answer named; "And 生?" after 合 of 合汽生材 asks 生 of the whole;
    "And what do they cover?" is a question of its own, not an ellipsis."""
    assert (
        rw.read("What did he do this year?", ["Who is Yuan Yuyu?"]).standalone
        == "What did Yuan Yuyu do this year?"
    )
    assert (
        rw.read("what about his background", ["Who is Yuan Yuyu?"]).standalone
        == "What about Yuan Yuyu's background?"
    )
    assert (
        rw.read("And 生?", ["What does 合 stand for in 合汽生材?"]).standalone
        == "What does 生 stand for in 合汽生材?"
    )
    assert rw.read("And what about 生?", ["What does 合 stand for in 合汽生材?"]).rewritten
    r = rw.read("And what do they cover?", ["What is the 三化三制 reform?"])
    assert "三化三制" in r.standalone and "they" not in r.standalone
    assert "cover's" not in r.standalone  # not swapped into the last question as an item


def test_that_city_in_english_is_the_place_the_last_answer_named():
    rw = RuleRewriter(KEYS, lambda q: "2025年1月,日喀则市定日县发生6.8级地震。")
    r = rw.read("How strong was the earthquake in that city?", ["尼玛琼拉是什么身份？"])
    assert "定日县" in r.standalone and "that city" not in r.standalone


def test_it_is_not_the_place_an_english_question_named_and_an_english_item_stays_english(rw):
    # "it" after the Dingri earthquake is the earthquake, not Dingri: left as asked
    assert rw.read("How big was it?", ["When did the Dingri earthquake happen?"]).standalone == (
        "How big was it?"
    )
    # an English item is not swapped into a Chinese question
    r = rw.read('And what about a "zero-waste city"?', ["“三个一批”是什么"])
    assert "三个一批" not in r.standalone


def test_another_place_in_a_list_asked_by_place_takes_the_place_asked_before(rw):
    # the first answer quotes item one only: no list to point into, but the question said where
    r = rw.read("最后一件是啥", ["15件省级民生实事里第一件是什么？", "第五件呢"])
    assert r.rule == "ordinal" and r.standalone.startswith("15件省级民生实事里最后一件")


def test_a_name_takes_the_place_of_a_name_not_of_the_kind_asked():
    rw = RuleRewriter(KEYS, lambda q: "")
    r = rw.read("绛县呢？", ["盐湖区和哪个外国城市结成了友好合作伙伴"])
    assert r.standalone.startswith("绛县和哪个外国城市")


def test_an_ordinal_item_asked_what_it_means_is_asked_as_a_term():
    rw = RuleRewriter(
        KEYS + ("三个一批",), lambda q: "“三个一批”：开发区项目签约一批、开工一批、投产一批。"
    )
    r = rw.read("最后一个一批是指什么", ["开发区“三个一批”是哪三批"])
    assert r.rule == "ordinal" and "“投产一批”是什么" in r.standalone


def test_a_bare_ordinal_changes_only_the_place_asked_before(rw):
    r = rw.read("第四个呢", ["报告第三部分第一个方面是啥"])
    assert r.standalone == "报告第三部分第四个方面是啥"


def test_these_after_a_count_are_the_things_counted(rw):
    r = rw.read("这些会放在哪些地方？", ["民生实事要配置多少台自动体外除颤器"])
    assert r.standalone == "自动体外除颤器会放在哪些地方？" and r.rule == "pronoun"
    # a count of nothing named (指标是多少) or of people doing something leaves 这些 to the topic
    from qa.rewrite import _counted_noun

    assert _counted_noun("卢伟英提到的托位数指标是多少？") is None
    assert _counted_noun("多少人参加了") is None
    assert _counted_noun("新增了几对国际友城") == "国际友城"


def test_a_locative_follow_up_is_no_new_item(rw):
    # 那里条件怎么样: not the item 里条件 swapped into the question before
    r = rw.read("那里条件怎么样？", ["尼玛琼拉是什么身份？", "这位委员出发前专门去了哪儿？"])
    assert "里条件委员" not in r.standalone and r.rule != "ellipsis"


def test_one_and_a_quoted_english_name_stand_for_the_thing_asked_before(rw):
    r = rw.read("Which cities have one in operation?", ["What is the 'Jinchuang Valley'?"])
    assert r.standalone == "Which cities have Jinchuang Valley in operation?"
    # "one" as a number or a choice is no pronoun
    r = rw.read("Which one is the newest?", ["What is the 'Jinchuang Valley'?"])
    assert r.standalone.startswith("Which one is the newest?")
    # "And the X?" takes the quoted name's place, quotes and article kept once
    r = rw.read("And the 'double high plan'?", ["What are the 'four good rural roads'?"])
    assert r.standalone == "What are the 'double high plan'?"
    # a Chinese follow-up does not take an English name
    r = rw.read("那五率里跟研发有关的是哪个？", ["What is the 'one profit' in 'one profit'?"])
    assert "one profit" not in r.standalone


def test_an_item_picked_by_its_place_is_asked_of_the_whole_the_list_question_named():
    heads = "政治引领铸忠诚。法治护航促公正。治理创新提效能。千字当头勇作为。廉洁奉公扬正气。"
    rw = RuleRewriter(KEYS, lambda q: heads)
    r = rw.read("第四个讲了啥？", ["全面提升政府治理效能有哪几个方面"])
    assert r.standalone == "全面提升政府治理效能中的“千字当头勇作为”是什么？"


def test_this_group_is_the_group_of_people_the_last_answer_named():
    said = {"汪勇最关心什么问题？": "经理汪勇最关心灵活就业人员的社会保障问题。"}
    rw = RuleRewriter(KEYS, lambda q: said.get(q, ""))
    r = rw.read("这个群体有多少人", ["汪勇最关心什么问题？"])
    assert r.standalone == "灵活就业人员有多少人" and r.rule == "pronoun"
    r = rw.read("How big is that group?", ["汪勇最关心什么问题？"])
    assert r.standalone == "How big is 灵活就业人员?"
    # no group named: the demonstrative is left to the topic
    assert "灵活就业" not in rw.read("这个群体有多少人", ["吨半粮是什么"]).standalone


def test_a_note_number_is_read_as_the_notes_term_and_says_so(fake_pipeline):
    ans = fake_pipeline.answerer.ask("注释第33条民生实事中，维修农村供水工程多少处？")
    assert ans.reading == "numbering" and ans.standalone_question.startswith("15件省省级民生实事中")
    assert ans.found and "1800处" in ans.answer
    # the term named as well: the number is dropped, not the term doubled
    both = fake_pipeline.answerer.ask("注释第5条所说的“吨半粮”是什么意思？")
    assert both.standalone_question == "“吨半粮”是什么意思？" and both.found
    # a number the documents give no note is left as written
    assert fake_pipeline.answerer.numbering("注释第99条是什么意思？") is None
    # the report's numbered part is read as its heading, unless its heading is asked for
    part = fake_pipeline.answerer.numbering("报告第三部分提出要建设哪几种政府？")
    assert part == "报告“全面提升政府治理效能”部分提出要建设哪几种政府？"
    assert fake_pipeline.answerer.numbering("政府工作报告第三部分的标题是什么？") is None


def test_the_page_is_no_pronoun_for_the_last_topic(fake_pipeline):
    ans = fake_pipeline.answerer.ask(
        "该版新闻所述日喀则市定日县地震发生在何时？", history=["吨半粮是什么意思？"]
    )
    assert ans.standalone_question is None  # 该版 is this page, not 吨半粮
    follow = fake_pipeline.answerer.ask("该项目的投资是多少？", history=["晋创谷是什么？"])
    assert follow.reading == "conversation"  # 该 + a noun still points back


def test_a_list_quoted_item_by_item_holds_the_count_asked(fake_pipeline):
    ans = fake_pipeline.answerer.ask("该版新闻提出从哪四个方面“抓落实”？")
    assert ans.found and all(
        h in ans.answer for h in ("健全机制", "注重方法", "改进作风", "守牢底线")
    )


def test_a_part_named_by_number_and_heading_is_no_list_pick(fake_pipeline):
    first = "报告第三部分从哪五个方面全面提升政府治理效能？"
    assert fake_pipeline.answerer.numbering(first) == "报告从哪五个方面全面提升政府治理效能？"
    ans = fake_pipeline.answerer.ask("最后一个方面要建设什么样的政府？", history=[first])
    assert ans.standalone_question.startswith("廉洁奉公扬正气")


def test_people_no_document_names_are_unknown_words(fake_pipeline):
    a = fake_pipeline.answerer
    assert a.unseen_people(a.analyse("王小明省长在会上讲了什么？")) == ["王小明"]
    assert "王小明" in a.unknown_words(a.analyse("王小明省长在会上讲了什么？"))
    assert a.unseen_people(a.analyse("张虹是谁？")) == []
    assert a.unseen_people(a.analyse("金湘军省长在运城调研讲了什么")) == []  # the page names him


def test_a_phrase_with_its_own_verb_asked_how_it_is_is_no_ellipsis(fake_pipeline):
    r = fake_pipeline.answerer.rewriter
    prev = ["灾区群众过渡性安置用了多长时间完成"]
    assert r.read("尼玛琼拉看到的安置点条件如何", prev).standalone == "尼玛琼拉看到的安置点条件如何"
    assert r.read("那三率如何？", ["开发区三度指什么"]).standalone == "开发区三率指什么"
