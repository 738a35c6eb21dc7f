"""Question analysis: pure and fast, no model, no index."""

from __future__ import annotations

import pytest

from qa.lang import normalize
from qa.question import analyse, answer_holds_kind, head_kind, split_parts

KEYS = ("吨半粮", "三大灌区", "晋创谷", "乡村e镇", "新三样", "三率", "三度", "ota平台")


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("吨半粮是什么意思？", "definition"),
        ("吨半粮", "definition"),
        ("谁是我国冬奥会速滑项目首枚金牌获得者？", "person"),
        ("张虹是谁", "definition"),  # names the person: asks who she is
        ("张虹的教练是谁？", "person"),
        ("袁玉宇在哪家企业任职？", "organisation"),  # 哪家 + 企业, not 在哪 -> place
        ("尼玛琼拉在哪个城市的人大常委会任职？", "place"),
        ("定日县地震发生在哪一年？", "time"),
        ("住宅自愿加装电梯多少部？", "number"),
        ("为什么要建设法治政府？", "reason"),
        ("关公羊汤怎么做？", "method"),
        ("15件省级民生实事有哪些？", "list"),
        ("城市生命线安全工程要对哪些市政基础设施做实时监测？", "list"),  # 市政 is not 市
        ("乡村e镇和晋创谷有什么区别", "comparison"),
        ("帮我总结一下这篇报告", "summary"),
        ("报告是否提到要建设法治政府？", "yesno"),
        ("保障脱贫人口的义务教育、基本医疗和住房安全被称为什么？", "fact"),  # not 为什么
        ("Who proposed the 吨半粮 target?", "person"),
        ("Which company runs the 晋创谷?", "organisation"),
        ("When will the 好房子 standard take effect?", "time"),
        ("How many elevators will be installed?", "number"),
        ("Is Jincheng one of the cities where a 晋创谷 operates?", "yesno"),
        ("Summarise the Xinhua commentary", "summary"),
        ("what does 吨半粮 mean", "definition"),
    ],
)
def test_asked_kind(question, kind):
    assert analyse(question, KEYS).asked == kind


def test_language_and_terms():
    q = analyse("what does 吨半粮 mean", KEYS)
    assert q.lang == "en" and q.terms == ("吨半粮",)
    assert analyse("噸半糧是什麼意思", KEYS).terms == ("吨半粮",)  # traditional script
    assert analyse("吨半粮是什么", KEYS).lang == "zh"


def test_parts_split_and_inherit_the_subject():
    assert split_parts("三大灌区是哪三个？吨半粮又是多少公斤？") == [
        "三大灌区是哪三个",
        "吨半粮又是多少公斤",
    ]
    q = analyse("吨半粮是什么意思？是哪一年提出的？", KEYS)
    assert q.asked == "parts" and q.parts[1].startswith("吨半粮")
    assert analyse("开发区的三率和三度分别是什么", KEYS).parts == (
        "开发区的三率是什么",
        "三度是什么",
    )
    assert analyse("吨半粮是什么意思？", KEYS).parts == ()


def test_comparison_names_both_sides():
    assert analyse("乡村e镇和晋创谷有什么区别", KEYS).compared == ("乡村e镇", "晋创谷")
    assert analyse("Compare 新型储能 and 源网荷储.", KEYS).compared == ("新型储能", "源网荷储")


def test_head_kind_reads_the_governed_noun():
    assert head_kind("在哪家企业任职") == "organisation"
    assert head_kind("哪一年提出的") == "time"
    assert head_kind("哪位省长") == "person"
    assert head_kind("哪些市政基础设施") is None


def test_answer_holds_the_kind_asked():
    who = analyse("会议要求落实哪位省长的讲话？", KEYS)
    assert answer_holds_kind(who, "要进一步落实金湘军省长在运城调研讲话要求")
    assert not answer_holds_kind(
        who, "“一城”即全面建设富裕、文明、幸福的好运之城"
    )  # 文明 is no name
    when = analyse("吨半粮是哪一年提出的？", KEYS)
    assert not answer_holds_kind(when, "指一年两季粮食亩产达到一吨半，也就是1500公斤。")
    assert answer_holds_kind(when, "2025年1月,日喀则市定日县发生6.8级地震。")
    money = analyse("15件民生实事的总投资是多少？", KEYS)
    assert money.unit == "元"
    assert not answer_holds_kind(money, "新建改造50个社区养老工程")
    count = analyse("新三样的产值是多少", KEYS)
    assert not answer_holds_kind(count, "“新三样”：电动汽车、锂电池、光伏产品。")
    where = analyse("尼玛琼拉在哪个城市任职？", KEYS)
    assert answer_holds_kind(where, "西藏日喀则市人大常委会副主任尼玛琼拉")
    # jieba tags the quoted term 三园 as a place name: a term in quotes is no place
    park = analyse("绿电产业园区建在哪里？", KEYS)
    assert not answer_holds_kind(park, "“三园”即绿电产业园区、消费品特色园区、国际合作园区。")


def test_relation_words_name_what_is_asked_about():
    from qa.question import relation_words

    def rel(q):
        return relation_words(analyse(q, KEYS))

    assert rel("张虹的教练是谁？") == ["教练"]  # not 张虹: she is the subject
    assert rel("吨半粮是谁提出的") == ["提出"]
    assert rel("这篇评论是哪天发的？") == []  # the subject, not a relation
    assert rel("会议要求落实哪位省长的讲话要求？") == []  # 省长 names the kind (a person)
    assert rel("袁玉宇在哪家企业任职？") == []  # 企业 only names the kind
    assert rel("谁是我国冬奥会速滑项目首枚金牌获得者？") == []
    assert rel("吨半粮是什么意思") == []  # not a who/which/where/when question


def test_an_answer_about_the_subject_but_another_relation_is_refused(fake_pipeline):
    # the sentence names 张虹 and other people, but says nothing of a coach
    ans = fake_pipeline.answerer.ask("张虹的教练是谁？")
    assert not ans.found
    ans = fake_pipeline.answerer.ask("会议要求落实哪位省长在运城调研时的讲话要求？")
    assert ans.found and "金湘军" in ans.answer


def test_which_noun_must_be_named_by_the_answer():
    """哪个园区 asks for a park: cities are places, but not the park asked about."""
    from qa.question import governed_noun

    assert governed_noun(normalize("运城的晋创谷在哪个园区？")) == "园区"
    assert governed_noun(normalize("打算跟哪家具体的平台合作？")) == "平台"  # past a modifier
    assert governed_noun(normalize("在哪家企业任职")) is None  # a bare category: kind check
    assert governed_noun(normalize("盛弘是哪里的基层干部？")) is None  # 哪里 governs nothing
    park = analyse("运城的晋创谷在哪个园区？", KEYS)
    assert not answer_holds_kind(
        park, "截至2024年底太原、大同、晋中、临汾、运城6市晋创谷挂牌运营。"
    )
    assert answer_holds_kind(park, "盐湖高新技术产业开发区中成药消费品特色园区")
    assert analyse("运城打算跟哪家具体的平台合作？", KEYS).asked == "organisation"
    assert analyse("研究院是哪所大学牵头成立的？", KEYS).asked == "organisation"


def test_numbers_with_a_multiplier_or_a_fraction():
    assert answer_holds_kind(analyse("免费送戏下乡计划多少场？", KEYS), "十四是免费送戏下乡1万场")
    assert answer_holds_kind(analyse("灵活就业人员有多少人？", KEYS), "这个群体约有2亿人")
    assert not answer_holds_kind(analyse("灵活就业人员有多少人？", KEYS), "这个群体在增长")
    share = analyse("民生福祉类占比是多少？", KEYS)
    assert answer_holds_kind(share, "民生福祉类占比超过三分之一")


def test_misspelt_terms_are_read_as_the_glossary_writes_them():
    from qa.question import correct_terms, fuzzy_terms

    keys = ("三大灌区", "15件省省级民生实事", "一利五率", "源网荷储", "新三样")
    assert correct_terms("三大罐区是那三个", keys) == "三大灌区是那三个"
    assert correct_terms("一利5率 指的是哪些指标", keys) == "一利五率 指的是哪些指标"
    assert fuzzy_terms("省里今年要办的15件民生实事是什么", keys) == ("15件省省级民生实事",)
    assert correct_terms("三大灌区是啥", keys) is None  # spelt right
    assert correct_terms("新四样是什么", keys) is None  # three characters: exact only
    assert correct_terms("三个大型水库在哪", keys) is None  # 三…区 not in the window


def test_a_counted_plural_asks_for_its_items():
    assert analyse("省里今年要办的15件民生实事是什么？", KEYS).asked == "list"
    assert analyse("吨半粮是什么？", KEYS).asked == "definition"


def test_a_list_asked_with_a_count_must_enumerate_that_many():
    from qa.question import enumerated

    four = analyse("“四精”具体指哪四个？", KEYS)
    assert four.asked == "list" and four.flags["count"] == 4
    assert analyse("人民政协要坚持哪两大主题？", KEYS).flags["count"] == 2
    assert "count" not in analyse("有哪些园区？", KEYS).flags
    assert enumerated("即尊村、夹马口、北赵3个引黄灌区。") == 3
    assert enumerated("坚持团结和民主两大主题") == 2
    assert enumerated("一是养老；二是筛查；三是除颤器") == 3
    assert not answer_holds_kind(four, "用好“四精四账”工作法,抓紧明确细化目标")
    assert answer_holds_kind(four, "即建好、管好、护好、运营好")


def test_how_much_questions_name_the_quantity_measured():
    from qa.question import relation_words

    gdp = analyse("运城2024年地区生产总值是多少？", KEYS)
    assert relation_words(gdp) == ["生产总值"]
    assert relation_words(analyse("电梯的目标是多少部？", KEYS)) == []  # an everyday noun
    assert relation_words(analyse("免费送戏下乡计划多少场？", KEYS)) == []


def test_parallel_clauses_count_as_items():
    from qa.question import enumerated

    two = "一般公共预算教育支出逐年只增不减，按在校学生人数平均的一般公共预算教育支出逐年只增不减。"
    assert enumerated(two) == 2


def test_a_role_before_shi_shui_is_the_relation():
    from qa.question import relation_words

    assert relation_words(analyse("运城市市长是谁？", KEYS)) == ["市长"]  # no 的 needed
    assert relation_words(analyse("广州迈普再生医学科技股份有限公司的总经理是谁？", KEYS)) == [
        "总经理"  # a role is the relation after X的, though alone it names the kind
    ]


def test_which_questions_need_their_nouns_head_in_the_answer():
    from qa.question import asked_noun

    assert asked_noun(normalize("跟这些城市有哪些合作项目？")) == "项目"  # a long word's head
    assert asked_noun(normalize("创建吨半粮具体用了哪些种植技术？")) == "技术"  # past a verb
    assert asked_noun(normalize("是省里哪个厅局牵头制定的？")) == "厅局"
    assert asked_noun(normalize("去了哪些地方做调研？")) is None  # an everyday noun alone
    assert asked_noun(normalize("报告结尾借用了哪句古诗？")) is None  # 哪句 asks for the quote
    assert asked_noun(normalize("一利五率指哪些指标？")) is None  # what a term means
    q = analyse("跟7对友好合作伙伴有哪些合作项目？", KEYS)
    assert q.flags["noun"] == "项目"
    assert not answer_holds_kind(
        q, "7对友好合作伙伴为运城市与加纳科福里杜亚市、乌兹别克斯坦乌尔根奇市"
    )
    assert answer_holds_kind(analyse("晋创谷有哪些政策措施？", KEYS), "制定了5方面政策措施")


def test_a_duration_answers_how_long_and_a_dropped_classifier_is_understood():
    how_long = analyse("灾区过渡性安置多久完成？", KEYS)
    assert answer_holds_kind(how_long, "不到一个月,灾区群众过渡性安置全部完成。")
    assert not answer_holds_kind(how_long, "灾区群众过渡性安置全部完成。")
    cities = analyse("截至2024年底有几个市的晋创谷挂牌运营了？", KEYS)
    assert answer_holds_kind(cities, "太原、大同、晋中、临汾、运城、晋城6市晋创谷挂牌运营。")
    rooms = analyse("运城今年要新建多少个城市书房？", KEYS)
    assert not answer_holds_kind(rooms, "十五是新建一批城市书房、文化驿站等新型公共文化空间。")


def test_a_later_part_inherits_who_acts_not_what_the_first_part_asks():
    q = analyse("市政府党组会议要求树牢什么意识？要用好哪个工作法？")
    assert q.parts == ("市政府党组会议要求树牢什么意识", "市政府党组会议要用好哪个工作法")
    assert analyse("晋创谷建在哪里？有哪些政策？").parts[1] == "晋创谷有哪些政策"
    # a verb before 的 only modifies the subject; a verb of mentioning leads to it
    assert analyse("委员家乡发生的地震是什么时候、多少级？").parts[1] == "委员家乡发生的地震多少级"
    q = analyse("新华社评论提到人民政协走过了多少年历程，开展了多少项活动？")
    assert q.parts[1] == "新华社评论提到人民政协开展了多少项活动"


def test_people_counted_in_any_of_their_units_and_a_condition_is_a_way():
    assert answer_holds_kind(analyse("计划培训多少名红十字救护员？"), "培训红十字救护员5万人")
    q = analyse("要给多少名高龄人员做筛查？")
    assert answer_holds_kind(q, "为2万名高龄人群进行筛查")  # 高龄 names who is counted
    assert not answer_holds_kind(q, "为2万名学生进行筛查")
    q = analyse("怎样才能让建言资政更有力度？")
    assert answer_holds_kind(q, "只有走到群众中间,建言资政才能更有力度。")


def test_places_listed_beside_the_one_asked_about_are_not_where_in_it():
    text = "截至2024年底太原、大同、晋中、临汾、运城、晋城6市晋创谷挂牌运营。"
    assert not answer_holds_kind(analyse("晋创谷在运城具体建在哪个位置？"), text)
    assert answer_holds_kind(analyse("除了运城，还有哪些城市有晋创谷"), text)  # peers asked


def test_what_a_how_much_question_counts_must_be_said():
    from qa.question import relation_words

    # the tagger calls 保费 a verb; right after 多少 it is what is counted
    assert relation_words(analyse("个体工商户一年要交多少保费？")) == ["保费"]
    assert relation_words(analyse("地区生产总值是多少")) == ["生产总值"]


def test_a_numbered_abbreviation_is_answered_only_by_what_it_stands_for():
    q = analyse("四精四账是哪几个精？")
    assert q.flags["count"] == 4
    # named and followed by an enumeration of something else: not what 四精 is
    assert not answer_holds_kind(
        q, "用好“四精四账”工作法,抓紧明确细化目标、责任单位和完成时限、清单"
    )
    q = analyse("三率指哪些")
    assert answer_holds_kind(q, "“三率”即签约开工率、开工投产率、投产达效率；")
    assert answer_holds_kind(q, "签约开工率、开工投产率、投产达效率")  # items ending in 率
    assert not answer_holds_kind(q, "要提高三率，签约、开工、投产都要加快")
    # glossed where the note names it, however the question words it (五率都有哪些, 四道菜)
    five = "“一利五率”：“一利”指利润总额；“五率”指资产负债率、净资产收益率、研发经费投入强度、全员劳动生产率、营业现金比率。"
    assert answer_holds_kind(analyse("一利五率里面的“五率”都有哪些？"), five)
    dishes = "“四菜”即黄河大鲤鱼、中条山牛肉、峨嵋岭土鸡、渑水河火锅；"
    assert answer_holds_kind(analyse("“四菜一汤一饼”里的四道菜分别是什么？"), dishes)


def test_why_a_claim_is_made_is_answered_by_the_claim_spelt_out():
    q = analyse("张虹为什么说从赛场到会场制胜的法宝是一样的？")
    assert answer_holds_kind(q, "“从赛场到会场，制胜的法宝都是一条:集众智、汇众力。”")
    assert not answer_holds_kind(q, "从赛场到会场，制胜的法宝都是一样的。")  # only restated


def test_a_part_asking_only_how_the_document_puts_it_is_no_second_question():
    q = analyse("“两高”项目为什么要限制上马？报告里怎么解释的")
    assert q.parts == () and q.asked == "reason"
    assert analyse("吨半粮是什么？报告怎么说的？").asked == "definition"
    assert analyse("张虹是谁？她说了什么？").parts == ("张虹是谁", "张虹她说了什么")  # she says


def test_english_relation_words_of_applying_winning_and_paying():
    from qa.lexicon import english_relations

    assert (
        "报名",
        "参保",
        "投保",
        "注册",
        "登记",
        "申请",
        "签约",
        "结成",
        "缔结",
    ) in english_relations("How can a shop owner sign up for the insurance?")
    assert any("免费" in r for r in english_relations("Is the insurance free of charge?"))


def test_an_organisation_is_named_not_described():
    q = analyse("OTA平台具体有哪些公司")
    assert not answer_holds_kind(q, "指在线旅游代理机构，是可以为游客预订机票的第三方平台。")
    assert answer_holds_kind(q, "武汉顺衡速运有限公司江汉分部经理汪勇")
    q = analyse("一核心五基地的核心是哪家机构？")
    assert answer_holds_kind(q, "以运城农业科学合作研究院为核心")  # 运城: rare, a name


def test_the_exact_spot_asked_is_below_a_city():
    q = analyse("晋创谷在运城具体建在哪个位置？")
    assert not answer_holds_kind(q, "山西省出台了三年行动计划")  # a province holds it
    assert answer_holds_kind(q, "晋创谷位于盐湖区的科创产业园内")
    q = analyse("运城的晋创谷具体建在哪个园区？")  # parks only listed are not where it is
    assert not answer_holds_kind(q, "“三园”即绿电产业园区、消费品特色园区、国际合作园区。")


def test_when_an_office_was_taken_needs_the_taking_said():
    from qa.question import relation_words

    assert relation_words(analyse("徐晓婵是哪一年当选全国人大代表的")) == ["当选"]
    assert relation_words(analyse("徐晓婵担任什么职务")) == []  # her title states it


def test_a_body_answers_who_but_not_which_person():
    answer = "人民政协作为中国共产党领导的政治组织"
    assert answer_holds_kind(analyse("人民政协是由谁领导的政治组织？"), answer)
    assert not answer_holds_kind(analyse("人民政协由哪位领导？"), answer)


def test_ways_listed_side_by_side_answer_a_how_question():
    q = analyse("代表委员们是怎么收集民意的？")
    assert answer_holds_kind(q, "有的深入田间地头；有的穿梭社区工厂；有的网上网下收集民意。")
    assert not answer_holds_kind(q, "代表委员网上网下收集民意。")


def test_questions_joined_by_a_dunhao_are_parts_that_share_the_subject():
    q = analyse("定日县那次地震是几级、什么时候发生的、多久完成了过渡性安置？", KEYS)
    assert q.parts == (
        "定日县那次地震是几级",
        "定日县那次地震什么时候发生的",
        "定日县那次地震多久完成了过渡性安置",
    )
    assert split_parts("吨半粮、新三样分别是什么") == ["吨半粮是什么", "新三样是什么"]


def test_what_with_a_compound_noun_needs_it_but_not_a_plain_word():
    from qa.question import asked_noun

    assert asked_noun(normalize("会议要求用好什么工作法来抓落实？")) == "工作法"
    assert asked_noun(normalize("尼玛琼拉担任什么职务？")) is None  # a description answers
    assert asked_noun(normalize("为什么要搞源网荷储？")) is None


def test_items_named_by_the_nouns_head_answer_a_which_list():
    q = analyse("政府系统要不断提高哪三种政治能力？", KEYS)
    assert answer_holds_kind(q, "不断提高政治判断力、政治领悟力、政治执行力。")
    assert not answer_holds_kind(q, "始终把政治建设摆在首位，加强政府系统政治机关建设。")


def test_age_and_counted_one_character_nouns():
    age = analyse("张虹今年多大了？", KEYS)
    assert age.asked == "number" and age.unit == "岁"
    assert not answer_holds_kind(age, "张虹用各行各业百余名火炬手接力传递的火炬，点燃主火炬塔。")
    books = analyse("“四精四账”工作法具体指哪四账", KEYS)
    assert books.flags["noun"] == "账"  # each item of the answer would name a 账
    assert not answer_holds_kind(books, "坚持团结和民主两大主题，坚持党的领导、统一战线、协商民主")


def test_a_role_question_wants_the_sentence_that_titles_the_person(fake_pipeline):
    from qa.question import titled

    q = analyse("尼玛琼拉的职务是什么？", KEYS)
    assert q.flags["role"] == "尼玛琼拉"
    assert titled("尼玛琼拉", "全国政协委员、西藏日喀则市人大常委会副主任尼玛琼拉接连收到消息。")
    assert not titled("尼玛琼拉", "这次出发前,尼玛琼拉又专程走进安置点")  # named, not titled
    assert not answer_holds_kind(q, "这次出发前,尼玛琼拉又专程走进安置点")
    ans = fake_pipeline.answerer.ask("尼玛琼拉的职务是什么？")
    assert "副主任尼玛琼拉" in ans.citations[0].text


def test_a_comparison_asked_side_by_side_is_one_comparison():
    q = analyse("“两区”和“三门户”各指什么，对比一下", KEYS)
    assert q.asked == "comparison" and q.compared == ("两区", "三门户") and q.parts == ()
    assert analyse("吨半粮和新三样分别是什么", KEYS).parts == ("吨半粮是什么", "新三样是什么")


@pytest.mark.parametrize(
    ("question", "answer", "holds"),
    [
        ("定日县那次地震具体是1月几号发生的？", "2025年1月,日喀则市定日县发生6.8级地震。", False),
        ("定日县那次地震具体是1月几号发生的？", "1月7日9时5分,定日县发生6.8级地震。", True),
        ("定日县地震是哪一年发生的？", "2025年1月,日喀则市定日县发生6.8级地震。", True),
        ("定日县地震是哪一年发生的？", "1月7日,定日县发生地震。", False),
        ("What date was the commentary published?", "新华社北京3月3日电", True),
        ("What date was the commentary published?", "今年3月,政协会议召开", False),
        ("晋创谷是几月挂牌的？", "截至2024年底6市晋创谷挂牌运营", True),
    ],
)
def test_a_date_must_be_as_fine_as_asked(question, answer, holds):
    q = analyse(question)
    assert q.asked == "time"
    assert answer_holds_kind(q, answer) is holds


@pytest.mark.parametrize(
    ("question", "answer", "holds"),
    [
        (
            "“四精四账”工作法具体指的是啥？",
            "用好“四精四账”工作法,抓紧明确细化目标、责任单位",
            False,
        ),
        ("四精四账工作法是什么", "用好“四精四账”工作法,抓紧明确细化目标", False),
        (
            "国际友城是什么",
            "新增1对国际友城、7对友好合作伙伴：1对国际友城为运城市与韩国义市；",
            True,
        ),
        ("“三化三制”是什么", "开发区“三化三制”改革：加快建设开发区专业化、市场化", True),
        ("晋创谷是什么", "晋创谷是促进四链融合、塑造发展新动能的重要载体", True),
        ("晋创谷是什么", "截至2024年底太原、大同、晋中等6市晋创谷挂牌运营", False),
        ("“上情下达”机制的完整说法是啥", "健全完善“上情下达、下情上传，跨前一步”机制", True),
    ],
)
def test_a_definition_must_define_the_term_where_it_names_it(question, answer, holds):
    q = analyse(question)
    assert q.asked == "definition"
    assert answer_holds_kind(q, answer) is holds


@pytest.mark.parametrize(
    ("question", "kinds"),
    [
        ("定日县的地震有多大？灾区群众过渡安置用了多长时间？", ["number", "time"]),
        ("“晋创谷”是干什么的？运城的晋创谷挂牌了没有？", [None, "yesno"]),
        ("吨半粮是不是亩产1500公斤", ["yesno"]),
        ("张虹今年多大了", ["number"]),
    ],
)
def test_how_big_and_a_not_a_questions_ask(question, kinds):
    """多大 / 多高 ask a number; 挂牌了没有 / 是不是 ask yes or no; each such clause is a part."""
    q = analyse(question)
    parts = q.parts or (question,)
    assert len(parts) == len(kinds)
    for part, kind in zip(parts, kinds, strict=True):
        if kind:
            assert analyse(part).asked == kind, part


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("尼玛琼拉怎么形容灾后的新家园？", "fact"),
        ("报告如何评价过去一年的工作", "fact"),
        ("怎么推进开发区改革", "method"),
        ("如何提升政府治理效能", "method"),
    ],
)
def test_how_something_was_said_is_a_fact_not_a_method(question, kind):
    assert analyse(question).asked == kind


@pytest.mark.parametrize(
    ("question", "answer", "holds"),
    [
        ("张虹是在哪一届冬奥会上拿到速滑金牌的？", "我国冬奥会速滑项目首枚金牌获得者张虹", False),
        ("张虹是在哪一届冬奥会上拿到速滑金牌的？", "张虹在第22届冬奥会上夺得金牌", True),
        ("这是第几届全国人大？", "十四届全国人大三次会议", True),
    ],
)
def test_which_session_asks_an_ordinal_not_a_place(question, answer, holds):
    """在哪一届 asks which session (a number in 届), not where."""
    q = analyse(question)
    assert (q.asked, q.unit) == ("number", "届")
    assert answer_holds_kind(q, answer) is holds


def test_a_term_asked_inside_something_else_needs_no_definition():
    from qa.question import defined_terms

    assert defined_terms(analyse("三大灌区中的“夹马口”是什么？")) == []
    assert defined_terms(analyse("“夹马口”是什么？")) == ["夹马口"]


def test_a_count_in_any_measure_word_asks_a_number():
    """几份/m: the tagger reads the count, whatever measure word follows 几 or 多少."""
    q = analyse("卢伟英今年两会提交了几份提案？")
    assert (q.asked, q.unit) == ("number", "份")
    assert not answer_holds_kind(q, "托位数达4.5个的指标")
    assert answer_holds_kind(q, "她提交了3份提案")
    assert analyse("几乎所有城市都有吗").asked == "yesno"


@pytest.mark.parametrize(
    ("question", "answer", "holds"),
    [
        # 哪个县 / 哪个省: a name ending in that division, not any place the tagger reads
        ("尊村引黄灌区具体位于运城哪个县？", "三大灌区：即尊村、夹马口、北赵3个引黄灌区。", False),
        ("尊村引黄灌区具体位于运城哪个县？", "尊村引黄灌区位于临猗县境内。", True),
        ("李发权是哪个省的代表", "武汉顺衡速运有限公司江汉分部经理汪勇", False),
        ("李发权是哪个省的代表", "来自浙江省的代表李发权", True),
        # a category named only generically does not say which one
        (
            "这条建议引起了哪个部门的重视？",
            "安徽中医药大学附属医院医师提出建议,引起相关部门重视。",
            False,
        ),
        ("这条建议引起了哪个部门的重视？", "建议引起国家卫生健康委员会重视。", True),
        # the head of what 哪个 governs, not its modifier (意大利 城市 -> 城市)
        (
            "盐湖区和哪个意大利城市成了友好合作伙伴？",
            "运城市与加纳科福里杜亚市、盐湖区与意大利巴尔多利诺市",
            True,
        ),
    ],
)
def test_which_division_category_and_title_must_be_named(question, answer, holds):
    q = analyse(question)
    assert q.asked in ("place", "organisation"), q.asked
    assert answer_holds_kind(q, answer) is holds


def test_a_one_character_place_tag_is_not_a_place():
    q = analyse("where exactly will the 1000 automated external defibrillators be installed?")
    assert q.asked == "place"
    assert not answer_holds_kind(q, "三是配置自动体外除颤器1000台，培训红十字救护员5万人；")
    assert answer_holds_kind(q, "在运城市各大公园和车站配置自动体外除颤器1000台。")


@pytest.mark.parametrize(
    ("question", "answer", "holds"),
    [
        # the company the question names, written out in full, is not the one asked for
        ("汪勇所在的顺衡速运隶属于哪家快递集团呢", "武汉顺衡速运有限公司江汉分部经理汪勇", False),
        ("汪勇在哪家公司工作", "武汉顺衡速运有限公司江汉分部经理汪勇", True),
        ("徐晓婵在哪家医院工作", "安徽中医药大学第二附属医院急诊科副主任医师徐晓婵", True),
    ],
)
def test_a_longer_name_of_what_the_question_names_is_not_new(question, answer, holds):
    q = analyse(question)
    assert q.asked == "organisation"
    assert answer_holds_kind(q, answer) is holds


def test_a_word_the_tagger_calls_a_name_is_not_one_when_it_opens_with_an_everyday_word():
    from qa.question import person_names, pos_tags

    assert person_names(pos_tags("加快把施工图变成发展的实景图")) == []  # 施工图: 施工 + 图
    assert person_names(pos_tags("西藏日喀则市人大常委会副主任尼玛琼拉")) == ["尼玛琼拉"]
    assert person_names(pos_tags("全国人大代表徐晓婵提出建议")) == ["徐晓婵"]


@pytest.mark.parametrize(
    ("question", "verbs"),
    [
        ("个体工商户怎样参保惠商保？", ["参保"]),
        ("煤电机组的灵活性改造具体要怎么改？", []),  # a one-character verb: too light
        ("政府过紧日子具体怎么做？", []),
        ("报告里说怎样建设法治政府？", ["建设"]),
        ("怎样才能把“施工图”变成“实景图”？", []),  # no verb right after: nothing required
    ],
)
def test_a_how_question_names_the_action_its_answer_must_say(question, verbs):
    from qa.question import relation_words

    q = analyse(question)
    assert q.asked == "method"
    assert relation_words(q) == verbs


def test_a_category_named_at_the_end_of_a_name_makes_a_new_member_of_it():
    q = analyse("运城经济技术开发区有哪些园区入选省级消费品特色园区？")
    text = "5家入选省级消费品特色园区：盐湖高新技术产业开发区中成药消费品特色园区、临猗县生活用品消费品特色园区"
    assert answer_holds_kind(q, text)


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("运城的晋创谷具体建在哪个位置？", "place"),  # 哪个/r 位置/v: a counted noun
        ("运城现在的市长叫什么名字", "person"),  # the name of an office holder
        ("这个工作法叫什么名字", "fact"),  # the name of a thing
        ("What does Li Faquan plan to develop this year?", "fact"),
        ("What does 源网荷储 stand for?", "definition"),
        ("What's the 晋创谷?", "definition"),
        ("入选首批省级消费品特色园区的是哪5家", "list"),
        ("张虹今年两会打算干嘛", "fact"),  # what she does, not what a term means
        ("晋创谷是干嘛的", "definition"),  # what it is for
        ("Which six cities had a 晋创谷 by 2024?", "place"),
        ("AED放在哪些地方", "place"),  # jieba's one word 哪些地方/vn is read as 哪些 + 地方
    ],
)
def test_what_the_question_asks_read_from_its_structure(question, kind):
    assert analyse(question, KEYS).asked == kind


def test_a_count_with_any_counted_word_and_a_space_between_clauses():
    assert analyse("入选首批省级消费品特色园区的是哪5家", KEYS).flags["count"] == 5
    assert analyse("到底是哪四精", KEYS).flags.get("count") == 4
    # a space typed between two Chinese clauses that each ask is a comma
    assert analyse("定日地震有多少级 过渡安置多久完成的", KEYS).parts == (
        "定日地震有多少级",
        "过渡安置多久完成的",
    )
    # a title with a space inside is no split
    q = analyse("《凝聚广泛共识 汇聚强大合力》这篇评论是哪家媒体、哪天发的？", KEYS)
    assert len(q.parts) == 2 and "汇聚强大合力" in q.parts[1]
    # a space inside one question is not a split
    assert analyse("政府工作报告里 廉洁奉公 那段 说要建设啥政府", KEYS).parts == ()


def test_a_part_that_names_nothing_leans_on_the_part_before():
    q = analyse("明天北京天气怎么样，要带伞吗", KEYS)
    assert q.parts == ("明天北京天气怎么样", "明天北京天气要带伞吗")
    # a part with a topic of its own keeps it
    q = analyse("个体工商户要怎么参加惠商保，农民怎么参保？", KEYS)
    assert q.parts[1] == "农民怎么参保"
    q = analyse("“四精四账”工作法具体怎么操作，四精和四账各指什么？", KEYS)
    assert q.parts[1] == "四精和四账各指什么"


@pytest.mark.parametrize(
    ("question", "answer", "holds"),
    [
        # the office a who-question names must be held by the person quoted
        ("这份报告是哪位市长作的？", "强化有解思维，统筹兼顾、精准施策。", False),
        ("会议要求落实哪位省长的讲话要求？", "要进一步落实金湘军省长在运城调研讲话要求。", True),
        ("哪位全国人大代表是快递小哥出身？", "全国人大代表、经理汪勇最关心社会保障。", True),
        ("哪位全国人大代表是快递小哥出身？", "全国政协委员杜明燕深有感触。", False),
        # 哪位领导 names no office: any named person answers
        ("是哪位领导提出的？", "金湘军省长在运城调研时提出。", True),
        # a vague time (不久前) does not say when
        (
            "When did the Harbin Asian Winter Games open?",
            "在不久前的哈尔滨亚冬会开幕式上，张虹点燃主火炬塔。",
            False,
        ),
        ("亚冬会什么时候开幕？", "今年2月，亚冬会开幕。", True),
        # a question asking for words said wants the quotation itself
        ("袁玉宇说了一句什么话鼓劲？", "董事长袁玉宇带着团队开启调研。", False),
        ("袁玉宇说了一句什么话鼓劲？", "“不怕风高浪急,闯过去才有未来!”", True),
        ("袁玉宇说了一句什么话鼓劲？", "用好“四精四账”工作法。", False),  # a quoted term
    ],
)
def test_office_time_and_quotation_values(question, answer, holds):
    assert answer_holds_kind(analyse(question, KEYS), answer) is holds


@pytest.mark.parametrize(
    ("question", "answer", "holds"),
    [
        # where someone went: the object of a verb of going, named by jieba or not
        ("尼玛琼拉出发前专门去了哪儿？", "这次出发前,尼玛琼拉又专程走进安置点:板房排列整齐", True),
        ("尼玛琼拉出发前专门去了哪儿？", "这次出发前,尼玛琼拉接连收到很多消息。", False),
        # a place the question names already is no answer
        ("尼玛琼拉走进安置点后去了哪儿？", "尼玛琼拉又专程走进安置点。", False),
    ],
)
def test_where_someone_went_is_the_place_a_verb_of_going_leads_to(question, answer, holds):
    assert answer_holds_kind(analyse(question, KEYS), answer) is holds


def test_english_function_words_are_not_keywords():
    from qa.lang import KeywordTokenizer

    tok = KeywordTokenizer()
    assert "and" not in tok("保障民营经济 and 中小企业") and "and" not in tok("and how long")


def test_the_office_may_be_stated_where_the_article_introduces_the_person():
    q = analyse("出发前专程走进安置点的是哪位政协委员？", KEYS)
    said = "这次出发前,尼玛琼拉又专程走进安置点。"
    assert not answer_holds_kind(q, said)
    article = "全国政协委员、西藏日喀则市人大常委会副主任尼玛琼拉接连收到很多消息。" + said
    assert answer_holds_kind(q, said, article)


def test_which_sentence_of_a_text_is_no_quotation_of_a_person():
    assert analyse("袁玉宇用哪句话表达自己的信心？", KEYS).flags.get("quote")
    assert not analyse("报告结束语用的是哪两句话？", KEYS).flags.get("quote")


@pytest.mark.parametrize(
    ("question", "answer", "holds"),
    [
        # 市长 across 上海市/长宁区 is no mayor
        ("运城现在的市长叫什么名字", "上海市长宁区虹桥街道党总支书记盛弘。", False),
        ("运城现在的市长叫什么名字", "副市长李明出席。", True),
        # a counted one-character noun: the count and noun introduce the items, or the items
        # end with it; a name that holds it (四精四账) says neither
        ("“四菜”是哪四道菜？", "“四菜”即黄河大鲤鱼、中条山牛肉、峨嵋岭土鸡、渑水河火锅；", True),
        ("四精四账到底是哪四精？", "用好“四精四账”工作法,形成任务、问题、责任清单和闭环", False),
        ("四精四账到底是哪四账？", "明白账、责任账、进度账和效益账", True),
    ],
)
def test_offices_and_counted_nouns_are_read_as_words(question, answer, holds):
    assert answer_holds_kind(analyse(question, KEYS), answer) is holds


def test_english_relations_in_a_plural_or_s_form():
    from qa.lexicon import english_relations

    assert "主持" in english_relations("Who chairs the committee?")[0]
    assert english_relations("Which directors are there?") == english_relations("the director")
    # other inflections are not guessed: making is no manufacturing
    assert english_relations("Besides making affairs public, which oversight?") == []


@pytest.mark.parametrize(
    ("question", "read_as"),
    [
        ("what does dun ban liang mean", "what does 吨半粮 mean"),
        ("what does 'xin san yang' mean?", "what does 新三样 mean?"),
        ("Tell me about Jin Chuang Gu", "tell me about 晋创谷"),
        ("What is the san lv of development zones?", "what is the 三率 of development zones?"),
        # English words are not read as pinyin, nor is a short single word
        ("How do I make bread?", None),
        ("what does sandu mean", None),
        # a term written in Chinese needs no reading
        ("what does 吨半粮 mean", None),
    ],
)
def test_a_term_typed_in_pinyin_is_read_as_the_glossary_writes_it(question, read_as):
    from qa.question import correct_terms

    assert correct_terms(normalize(question), KEYS) == read_as


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        # a polite request to tell asks what follows it, not yes or no
        ("能不能说说报告“全面提升政府治理效能”那部分主要讲了啥", "summary"),
        ("可以介绍一下晋创谷吗", "definition"),
        ("晋创谷能不能申请入驻？", "yesno"),
        ("一谷三园和一城两区三门户是一回事吗？", "comparison"),
    ],
)
def test_requests_and_sameness_are_read_for_what_they_ask(question, kind):
    assert analyse(question, KEYS + ("一谷三园", "一城两区三门户")).asked == kind


def test_who_a_named_person_is_wants_the_sentence_that_titles_them():
    q = analyse("尼玛琼拉是谁？", KEYS)
    assert q.asked == "definition" and q.flags["role"] == "尼玛琼拉"
    assert answer_holds_kind(q, "全国政协委员、西藏日喀则市人大常委会副主任尼玛琼拉接连收到消息。")
    assert not answer_holds_kind(q, "这次出发前,尼玛琼拉又专程走进安置点。")


def test_how_something_was_done_is_answered_by_what_it_was_done_with():
    q = analyse("张虹在开幕式上是怎么点燃主火炬的", KEYS)
    assert answer_holds_kind(q, "张虹用百余名火炬手接力传递的火炬,点燃主火炬塔。")
    assert not answer_holds_kind(q, "张虹点燃主火炬塔。")


@pytest.mark.parametrize(
    ("question", "count"),
    [
        ("“四精四账”工作法里的四精和四账具体指哪些？", 4),
        ("开发区三率具体指哪些", 3),
        ("三保障都有哪些", 3),
        ("三个一批都有哪些", None),  # 三个 counts, it names nothing
        ("15件民生实事有哪些？", None),
    ],
)
def test_a_numbered_abbreviation_names_how_many_items_a_list_must_give(question, count):
    assert analyse(question, KEYS).flags.get("count") == count


def test_za_is_how_and_what_happened_is_a_fact():
    assert analyse("汪勇具体是咋一步步当上全国人大代表的？", KEYS).asked == "method"
    assert analyse("张虹 亚冬会 点火炬 是咋回事", KEYS).asked == "fact"
    assert analyse("张虹点火炬是怎么回事", KEYS).asked == "fact"


@pytest.mark.parametrize(
    "question, answer, holds",
    [
        # the why stated by a circumstance before the statement, or a purpose after it
        (
            "为什么说迫切需要进一步凝心聚力？",
            "当前，世界之变不断延展，迫切需要进一步凝心聚力不断巩固大团结。",
            True,
        ),
        ("为啥要严控一般性支出", "习惯过紧日子，严控一般性支出，把有限的财力用在紧要处。", True),
        # the sentence only restates the statement: no why
        ("为啥要严控一般性支出", "严控一般性支出。", False),
        # a content word of the why the answer lacks (选): it speaks to something else
        ("为啥汤偏偏选了关公羊汤？", "当前，关公羊汤，把汤做好。", False),
    ],
)
def test_a_why_is_answered_by_the_circumstance_or_purpose_of_its_statement(question, answer, holds):
    assert answer_holds_kind(analyse(question), answer) is holds


def test_why_a_glossary_term_is_answered_by_its_note_only_when_asked_of_the_term():
    from qa.question import reason_of_term

    note = "源网荷储：以“电源、电网”为整体规划的新型电力运行模式，可精准控制负荷，有效解决波动。"
    keys = ("源网荷储",)
    assert reason_of_term(analyse("为什么要发展源网荷储这种电力运行模式？", keys), note)
    assert reason_of_term(analyse("为啥要搞源网荷储", keys), note)
    # an element the note names, asked about before the why-word: about the element
    dish = "四菜一汤一饼：“四菜”即黄河大鲤鱼、中条山牛肉；“一汤”即关公羊汤。"
    assert not reason_of_term(
        analyse("中条山牛肉为什么能入选四菜一汤一饼地标美食？", ("四菜一汤一饼",)), dish
    )
    # a fact the note states, asked why: the note states it, not why
    valley = "晋创谷：科技创新平台。截至2024年底6市晋创谷挂牌运营。"
    assert not reason_of_term(analyse("为什么晋创谷首批只在6个市挂牌运营？", ("晋创谷",)), valley)


@pytest.mark.parametrize(
    "question, answer, holds",
    [
        # 家 counts enterprises only where the amount's clause names them
        ("园区里有多少家企业", "5家入选全省首批认定的省级消费品特色园区：盐湖园区。", False),
        ("全市新增多少家企业", "全市新增规上工业企业52家。", True),
        # the counted noun a clause before, in the same sentence
        ("首批推出了几项专项配套政策？", "“N”是专项配套政策，首批推出10项。", True),
        # a measure measures stuff the clause need not name again
        ("一亩地一年要打多少公斤粮食", "亩产达到一吨半，也就是1500公斤。", True),
        # how many years is a span, not a calendar year
        ("卢伟英干了多少年了", "2025年全国两会期间卢伟英认为。", False),
        ("人民政协走过了多少年", "走过75年光辉历程的人民政协。", True),
    ],
)
def test_a_count_counts_what_the_question_counts(question, answer, holds):
    assert answer_holds_kind(analyse(question), answer) is holds


@pytest.mark.parametrize(
    "question, unit",
    [
        ("How many mu of farmland do the irrigation districts cover?", "亩"),
        ("How much money will Yuncheng put into the project?", "元"),
        ("How much will the city spend on education?", "元"),
        ("How many years old is the CPPCC?", "年"),
        ("How many torchbearers relayed the flame?", "人"),
        ("How many activities did the members carry out?", None),
        # a share may be a fraction (超过三分之一): no unit
        ("What share of the indicators are about wellbeing?", None),
        # a Chinese question with a Latin abbreviation keeps the Chinese reading
        ("运城2024年全市GDP是多少？", "元"),
    ],
)
def test_the_unit_an_english_count_asks_in(question, unit):
    q = analyse(question)
    assert q.asked == "number" and q.unit == unit


def test_an_english_questions_pinyin_names_read_as_the_page_writes_them():
    from qa.question import english_names, pinyin_readings

    readings = pinyin_readings(["国道108线侯马至河津段过境改线工程", "张虹点燃主火炬塔", "定日县"])
    assert english_names("Which company will build the Houma-Hejin bypass?", readings) == [
        "侯马",
        "河津",
    ]
    assert english_names("What did Zhang Hong light?", readings) == ["张虹"]
    assert english_names("What happened in Dingri county?", readings) == ["定日"]
    # English words and the first word of the question read as nothing
    assert english_names("How Is China doing?", readings) == []
    # names typed in lower case: two words read as one name, or one long word
    readings = pinyin_readings(["急诊科副主任医师徐晓婵", "运城市", "我们要改变"])
    assert english_names("what is xu xiaochan's job title?", readings) == ["徐晓婵"]
    assert english_names("what is the weather in yuncheng", readings) == ["运城"]
    # a short lower-case word is English, not the pinyin of the page's words (我们 = women)
    assert english_names("what did women say", readings) == []


@pytest.mark.parametrize(
    "question, kind",
    [
        ("无废城市指的是啥样的城市？", "definition"),  # what it is like, not which city
        ("无废城市是什么样的城市", "definition"),
        ("新华社评论的主要观点是什么？", "summary"),
        ("这篇报道的中心思想是什么", "summary"),
        ("哪个城市入选了无废城市", "place"),
    ],
)
def test_what_like_and_main_points_are_not_typed_asks(question, kind):
    assert analyse(question).asked == kind


def test_a_list_counted_by_the_question_and_asked_by_liezhe():
    q = analyse("帮我列一下入选全省首批省级消费品特色园区的那5家")
    assert q.asked == "list" and q.flags["count"] == 5
    assert analyse("这三个项目分别是什么").flags["count"] == 3


def test_a_term_typed_with_a_homophone_is_read_as_the_glossary_writes_it():
    from qa.question import correct_terms

    keys = ("晋创谷", "吨半粮", "三大灌区", "专精特新企业")
    assert correct_terms("请问晋创古是个什么东西？", keys) == "请问晋创谷是个什么东西？"
    assert correct_terms("顿半粮是啥", keys) == "吨半粮是啥"
    # nothing sounds like a term: nothing to correct
    assert correct_terms("运城今年经济怎么样", keys) is None


@pytest.mark.parametrize(
    "question, kind",
    [
        ("专精特新企业指的是哪一类企业？", "definition"),  # a kind of thing, not one of them
        ("四好农村路 咋理解", "definition"),
        ("怎么理解新质生产力", "definition"),
        ("哪家企业入选了", "organisation"),
    ],
)
def test_which_kind_a_term_is_and_how_to_understand_it_ask_a_definition(question, kind):
    assert analyse(question).asked == kind


def test_a_relation_is_stated_by_what_its_verb_makes():
    from qa.question import relation_object

    assert relation_object("盐湖区和哪个外国城市结成了友好合作伙伴?", "结成") == "友好合作伙伴"
    assert relation_object("张虹的教练是谁", "教练") is None  # a noun, not a verb


@pytest.mark.parametrize(
    "question, answer, holds",
    [
        # where a thing is put: what follows the same verb and 在
        ("有限的财力要用在哪", "把有限的财力用在紧要处、刀刃上。", True),
        ("有限的财力要用在哪", "严控一般性支出。", False),
        # the office a title states needs no verb (担任)
        (
            "尼玛琼拉是在哪里担任人大常委会副主任的？",
            "全国政协委员、西藏日喀则市人大常委会副主任尼玛琼拉接受采访。",
            True,
        ),
        # transliterated foreign cities are places, not people
        (
            "是哪位市领导去签的协议？",
            "7对友好合作伙伴为运城市与加纳科福里杜亚市、意大利巴尔多利诺市。",
            False,
        ),
    ],
)
def test_places_offices_and_foreign_city_names(question, answer, holds):
    assert answer_holds_kind(analyse(question), answer) is holds


def test_a_name_before_a_place_word_is_a_place_but_not_before_an_office():
    from qa.lang import pos_tags
    from qa.question import person_names

    assert person_names(pos_tags("加纳科福里杜亚市、意大利巴尔多利诺市")) == []
    assert person_names(pos_tags("张虹市长说")) == ["张虹"]
    assert person_names(pos_tags("张虹到运城市")) == ["张虹"]


def test_clauses_each_glossing_a_quoted_part_are_items():
    from qa.question import enumerated

    text = (
        "“合”是信息技术与制造业深度融合，“汽”是智能网联汽车，“生”是生物医药大健康，“材”是新材料。"
    )
    assert enumerated(text) == 4


def test_people_are_counted_in_ren_ming_or_wei():
    q = analyse("要给多少人做筛查")
    assert answer_holds_kind(q, "二是为2万名高龄人群进行上消化道健康筛查；")
    assert not answer_holds_kind(q, "二是进行上消化道健康筛查；")


@pytest.mark.parametrize(
    "question, answer, holds",
    [
        # a place that opens a company's name is not where the company went
        (
            "袁玉宇带团队去了哪些地方做调研？",
            "广州迈普再生医学科技股份有限公司董事长袁玉宇带着团队开启调研。",
            False,
        ),
        # but it says where the company (and its head) is from
        (
            "袁玉宇是哪里的企业家",
            "广州迈普再生医学科技股份有限公司董事长袁玉宇带着团队开启调研。",
            True,
        ),
        # how to do one item the answer only lists among others: not said
        (
            "煤电机组的灵活性改造具体要怎么改？",
            "指统筹实施煤电机组节能降耗改造、供热改造和灵活性改造制造，是重要手段。",
            False,
        ),
    ],
)
def test_places_in_names_and_items_in_lists_are_no_answer(question, answer, holds):
    assert answer_holds_kind(analyse(question), answer) is holds


def test_where_someone_works_is_said_by_their_title_and_yi_ming_is_a():
    from qa.question import stated_by_title

    assert stated_by_title("上班", "武汉顺衡速运有限公司江汉分部经理汪勇")
    assert not stated_by_title("上班", "汪勇最关心社会保障问题")
    assert not stated_by_title("主持", "分部经理汪勇")
    q = analyse("要给多少人做筛查")
    assert not answer_holds_kind(q, "从一名快递小哥成长为全国人大代表")
    assert answer_holds_kind(q, "共有十一名代表参加")


@pytest.mark.parametrize(
    "question, verb",
    [
        ("这个指标现在完成了没？", "完成"),
        ("晋创谷挂牌了没有", "挂牌"),
        ("运城有没有入选无废城市", "入选"),
        ("惠商保是免费的吗", "免费"),
        ("这是真的吗", None),
        # after an adverb a word is the predicate whatever its tag (上市/ns)
        ("迈普再生医学公司已经上市了吗？", "上市"),
        # past the document's verb of mentioning
        ("报告里有没有提到要加快数字政府建设？", "加快"),
    ],
)
def test_the_predicate_a_yes_no_question_asks_about(question, verb):
    from qa.question import yesno_verb

    q = analyse(question)
    assert q.asked == "yesno" and yesno_verb(q) == verb


def test_a_yes_no_answer_must_say_the_predicate_asked_about():
    q = analyse("卢伟英说的托位数4.5个，这个指标现在完成了没？")
    assert not answer_holds_kind(q, "卢伟英认为，规划新增每千人口托位数达4.5个的指标。")
    assert answer_holds_kind(q, "每千人口托位数4.5个的指标已经完成。")


@pytest.mark.parametrize(
    "question, answer, holds",
    [
        ("2025年运城经济增长预期目标定的是多少", "5家入选全省首批园区。", False),
        ("2025年运城经济增长预期目标定的是多少", "经济增长预期目标为5%左右。", True),
        ("民生福祉类指标占比是多少", "民生福祉类占比超过三分之一。", True),
    ],
)
def test_a_rate_is_answered_by_a_share(question, answer, holds):
    q = analyse(question)
    assert q.unit == "%" and answer_holds_kind(q, answer) is holds


def test_a_yes_no_predicate_is_said_by_what_it_makes():
    q = analyse("运城有没有和南美洲的城市结成友好合作伙伴？")
    assert answer_holds_kind(q, "7对友好合作伙伴为运城市与阿根廷帕拉西奥斯市。")


def test_reaching_a_goal_names_no_action_of_its_own():
    from qa.lang import pos_tags
    from qa.question import _how_verb

    assert _how_verb(list(pos_tags("无废城市要怎么实现"))) == []
    assert _how_verb(list(pos_tags("个体工商户怎样参保"))) == ["参保"]
    assert analyse("专精特新企业到底指哪类企业啊？").asked == "definition"


def test_a_two_division_head_and_a_generation():
    q = analyse("那个安置点在定日县哪个乡镇")
    assert not answer_holds_kind(q, "尼玛琼拉又专程走进安置点。")
    assert answer_holds_kind(q, "安置点位于长所乡。")
    q = analyse("袁玉宇是几零后？")
    assert q.unit == "后" and answer_holds_kind(q, "这位“80后”海归创业者坚信")


def test_the_words_a_person_said_are_asked_however_the_phrase_runs():
    assert analyse("袁玉宇那句鼓劲的话怎么说的").flags.get("quote")
    assert analyse("袁玉宇说过一句啥话给大家鼓劲").flags.get("quote")
    assert not analyse("袁玉宇是哪家公司的董事长").flags.get("quote")
    q = analyse("袁玉宇那句鼓劲的话怎么说的")
    assert not answer_holds_kind(q, "袁玉宇带着团队,开启医疗器械创新产学研融合调研。")
    assert answer_holds_kind(q, "“不怕风高浪急,闯过去才有未来!”")


def test_by_what_asks_a_reason_unless_it_asks_the_grounds_of_a_claim():
    assert analyse("舜帝烧饼凭什么能入选地标美食").asked == "reason"
    assert analyse("卢伟英凭什么认为党和国家高度重视民生？").asked != "reason"


def test_items_may_be_kinds_of_the_word_before_a_sort_noun():
    q = analyse("报告要从严纠治哪些作为方面的问题")
    assert q.flags.get("noun") == "方面" and q.flags.get("noun_mod") == "作为"
    assert answer_holds_kind(q, "从严纠治不作为、慢作为、假作为和“中梗阻”现象。")
    assert not answer_holds_kind(q, "落实中央八项规定精神，力戒形式主义、官僚主义。")


def test_an_everyday_word_ending_in_a_division_names_none():
    q = analyse("李发权是哪个村的？")
    assert not answer_holds_kind(q, "推动农业增效益、农村增活力、农民增收入。")
    assert answer_holds_kind(q, "李发权是湖北省宣恩县伍家台村党支部书记。")


def test_who_is_answered_by_an_abbreviated_body():
    q = analyse("政府依法接受谁的监督")
    assert q.asked == "person"
    assert answer_holds_kind(q, "依法接受人大法律监督和工作监督，主动接受政协民主监督。")
    assert not answer_holds_kind(q, "坚持依法行政，严格履行重大行政决策程序。")


@pytest.mark.parametrize(
    ("question", "unit"),
    [
        ("运城去年一共查处了多少起“中梗阻”问题？", "起"),  # 起 tagged a verb
        ("安置点一共建了多少间板房", "间"),  # 间 tagged a locative
        ("三大灌区灌溉面积多大", "亩"),  # an area, in any unit of area
        ("多少是新建的项目", None),
    ],
)
def test_the_measure_word_after_how_many_whatever_its_tag(question, unit):
    assert analyse(question).unit == unit


def test_a_count_is_said_in_its_measure_word_not_by_a_reduplication():
    q = analyse("运城去年一共查处了多少起“中梗阻”问题？")
    assert not answer_holds_kind(q, "建设粮食、蔬菜、畜牧、水产和水果特色经济林五大优势产区基地。")
    q = analyse("安置点一共有多少间板房？")
    assert not answer_holds_kind(q, "走进安置点:一间间整洁的板房排列整齐")
    assert answer_holds_kind(q, "建成板房300间。")
    q = analyse("三大灌区灌溉面积多大")
    assert not answer_holds_kind(q, "即尊村、夹马口、北赵3个引黄灌区。")
    assert answer_holds_kind(q, "有效灌溉面积达120万亩。")


def test_a_quoted_term_a_text_is_said_to_use_is_the_term_defined():
    q = analyse("报告里说的“第一议题”制度是什么意思？")
    assert q.asked == "definition"
    assert not answer_holds_kind(q, "坚持凝心铸魂，落实“第一议题”制度，坚定拥护“两个确立”。")
    q = analyse("三大灌区中的“夹马口”是什么")  # one of a list: named, not defined
    assert answer_holds_kind(q, "即尊村、夹马口、北赵3个引黄灌区。")


def test_words_naming_the_text_asked_about_are_its_frame():
    from qa.question import source_frame

    assert source_frame("政府工作报告里提的政府工作理念是啥") == "政府工作报告里提的"
    assert source_frame("文章中说的两会是什么") == "文章中说的"
    assert source_frame("报告里") == ""  # nothing asked after it
    assert source_frame("政府工作理念是啥") == ""


def test_two_quoted_phrases_compared_are_the_two_things_whatever_frames_them():
    q = analyse("报告里“法治护航促公正”和“廉洁奉公扬正气”这两块侧重点有啥不一样")
    assert q.asked == "comparison"
    assert q.compared == ("法治护航促公正", "廉洁奉公扬正气")
    assert analyse("乡村e镇和晋创谷有什么区别").compared == ("乡村e镇", "晋创谷")


def test_why_a_thing_is_called_so_needs_where_its_name_comes_from():
    q = analyse("为啥叫“晋创谷”这个名字？")
    assert q.asked == "reason"
    # what the thing is or does is no reason for its name
    assert not answer_holds_kind(q, "“晋创谷”：促进四链融合、塑造发展新动能的重要载体。")
    assert answer_holds_kind(q, "因地处晋南、以创新为本而得名。")
    # other whys keep their cause words
    assert answer_holds_kind(analyse("为什么要建设晋创谷"), "为了促进四链融合。")


def test_a_side_that_asks_something_is_no_thing_compared():
    q = analyse("关公羊汤为啥叫关公羊汤，跟关公有什么关系？")
    assert q.asked == "parts" and q.parts[1] == "关公羊汤跟关公有什么关系"
    assert analyse(q.parts[0]).asked == "reason"
    assert analyse("“两区”和“三门户”有什么区别").compared == ("两区", "三门户")


def test_a_bare_count_asks_items_of_its_subject_or_of_its_own_abbreviation():
    q = analyse("三个一号旅游公路分别是哪三条")
    assert q.flags == {"count": 3, "noun": "公路"}
    # another term's three items are no roads
    assert not answer_holds_kind(q, "开发区项目签约一批、开工一批、投产一批。")
    assert answer_holds_kind(q, "建设沿黄、太行、长城三条一号旅游公路。")
    # a count with its own noun after it (哪两句话) keeps it; a classifier is no abbreviation
    assert "noun" not in analyse("报告结束语“各位代表”后面用的是哪两句话？").flags
    assert analyse("运城的三个园区分别是哪三个？").flags.get("noun") == "园区"
    # 哪四精 of “四精四账”: the answer spells out the four, not uses the name
    q = analyse("“四精四账”工作法具体是指哪四精哪四账？")
    assert q.flags.get("abbrev") == "四精"
    text = "用好“四精四账”工作法,抓紧明确细化目标、责任单位和完成时限,形成任务、问题、责任清单和闭环作机制。"
    assert not answer_holds_kind(q, text)


def test_why_a_demand_is_asked_of_the_thing_demanded_and_a_ground_is_a_reason():
    q = analyse("报告为啥要求政府习惯过紧日子")
    # 要求 and whom it addresses are not what the why is about
    assert answer_holds_kind(q, "习惯过紧日子，严控一般性支出，把有限的财力用在紧要处、刀刃上。")
    assert not answer_holds_kind(q, "政府要习惯过紧日子。")
    # …的指标,足见…的高度重视: what shows it is the ground for thinking so
    q = analyse("卢伟英为什么认为党和国家高度重视民生？")
    text = "卢伟英认为,规划新增托位数达4.5个的指标,足见党和国家的高度重视。"
    assert answer_holds_kind(q, text)


def test_an_age_bracket_is_no_ones_age():
    q = analyse("卢伟英今年多大了")
    assert q.unit == "岁"
    assert not answer_holds_kind(q, "卢伟英认为,每千人口拥有3岁以下婴幼儿托位数达4.5个")
    assert answer_holds_kind(q, "今年45岁的卢伟英认为")


def test_for_what_is_told_from_why_by_the_sentence():
    # 为什么再添一把火: 为 + what + 再添 in the answer says "for what"; a why needs a cause
    q = analyse("张虹希望在两会上为什么再添一把火")
    assert answer_holds_kind(q, "今年全国两会,她将积极建言,希望能为我国“冰雪热”再添“一把火”。")
    assert not answer_holds_kind(q, "她将积极建言,再添一把火。")


def test_a_summary_cue_across_a_words_edge_is_not_said():
    assert analyse("张虹为什么要点燃主火炬").asked == "reason"  # 要/点燃, not 要点
    assert analyse("报告的要点是什么").asked == "summary"


def test_going_where_asks_a_place_and_a_copula_says_what_a_part_is_about():
    assert analyse("上消化道健康筛查去哪报名").asked == "place"
    assert analyse("到哪一年完成").asked == "time"
    q = analyse("给高龄老人做的上消化道健康筛查是免费的吗，去哪报名？")
    assert q.parts == (
        "给高龄老人做的上消化道健康筛查是免费的吗",
        "给高龄老人做的上消化道健康筛查去哪报名",
    )


def test_an_english_clause_that_does_not_open_a_question_completes_the_one_before():
    one = "What kind of organisation does the Xinhua commentary call the CPPCC, the broadest what?"
    assert analyse(one).parts == ()
    assert analyse("How long, in kilometres, is the National Highway 108?").parts == ()
    assert len(analyse("Who is Zhang Hong, and what did she light?").parts) == 2


def test_which_has_more_of_a_quality_needs_a_comparison_or_a_figure_for_each():
    q = analyse("中条山牛肉和峨嵋岭土鸡哪个更好吃？")
    assert q.flags.get("degree")
    assert not answer_holds_kind(q, "“四菜一汤一饼”地标美食：“四菜”即中条山牛肉、峨嵋岭土鸡。")
    q = analyse("残疾儿童康复救助和辅助器具适配补贴，覆盖人数哪个更多？")
    assert answer_holds_kind(q, "抢救性康复救助残疾儿童8000人，辅助器具适配补贴4万人；")


def test_how_much_there_is_now_is_not_said_by_a_target():
    target = "卢伟英认为,“十四五”规划新增每千人口拥有3岁以下婴幼儿托位数达4.5个的指标"
    assert not answer_holds_kind(analyse("海南现在每千人口实际有多少个3岁以下婴幼儿托位？"), target)
    assert not answer_holds_kind(
        analyse("How many childcare places per 1,000 people are there now?"), target
    )
    assert answer_holds_kind(analyse("卢伟英提到的托位数指标是多少？"), target)
    # a figure said of now answers it
    assert answer_holds_kind(analyse("现在灵活就业人员大概有多少人"), "现在灵活就业人员约有2亿人")


def test_a_demand_about_an_aspect_must_name_it():
    note = "“好房子”：符合好标准、好设计、好材料、好建造、好服务要求，适应群众高品质生活的安全、舒适、绿色、智慧住房。"
    assert not answer_holds_kind(analyse("“好房子”标准对住房面积有什么要求？"), note)
    q = analyse("市政府党组会议对平安运城建设有什么要求？")
    assert answer_holds_kind(q, "打好治安防控主动仗，持续推进平安运城建设。")


def test_a_misspelt_term_is_fixed_in_the_shortest_window_that_spells_it():
    from qa.question import correct_terms

    fixed = correct_terms("运城新增的国际友城是哪座城市?", ["新增1对国际友城", "三大灌区"])
    assert fixed == "运城新增1对国际友城是哪座城市?"  # 是哪座 is the question's own


def test_how_a_term_is_defined_asks_its_definition():
    assert analyse("这个“好房子”按注释是怎么界定的？").asked == "definition"


def test_a_which_question_naming_a_kind_of_school_needs_one_of_that_kind():
    q = analyse("袁玉宇团队的产学研调研是跟哪所大学合作的？")
    assert q.asked == "organisation"
    company = "全国人大代表、广州迈普再生医学科技股份有限公司董事长袁玉宇带着团队"
    assert not answer_holds_kind(q, company)
    assert answer_holds_kind(q, "袁玉宇带着团队与中山大学开展产学研合作")
    # a hospital may be a 医学中心: the general check decides
    q = analyse("卢伟英在哪个医院上班")
    assert answer_holds_kind(
        q, "全国政协委员、海南省妇女儿童医学中心生殖医学中心首席专家卢伟英认为"
    )


def test_the_line_next_to_a_quoted_one_is_asked_whatever_else_the_question_says():
    from qa.question import adjacent_line

    assert adjacent_line("“一跃龙门天地开”下一句是啥") == ("一跃龙门天地开", 1)
    assert adjacent_line("“更上层楼气象新”的上一句") == ("更上层楼气象新", -1)
    assert adjacent_line("一跃龙门天地开的下一句") == ("一跃龙门天地开", 1)
    assert adjacent_line("下一句是什么") is None  # no line named
    q = analyse("“一跃龙门天地开”下一句是啥")
    assert q.asked == "fact"
    assert answer_holds_kind(q, "各位代表，一跃龙门天地开，更上层楼气象新。")
    assert not answer_holds_kind(q, "各位代表，一跃龙门天地开。")  # the line alone
    assert not answer_holds_kind(analyse("“床前明月光”下一句是什么"), "更上层楼气象新。")


def test_the_characters_of_an_abbreviation_ask_what_it_stands_for():
    assert analyse("合汽生材是哪四个字的意思").asked == "definition"
    assert analyse("合汽生材每个字代表什么").asked == "definition"
    assert analyse("三大灌区分别是哪几个？").asked == "list"


def test_an_a_not_a_question_the_tagger_cuts_still_names_its_predicate():
    from qa.question import yesno_verb

    # 能/不能 cut in two; a one-character verb comes with its object
    q = analyse("入驻“晋创谷”的科创团队能不能免房租啊")
    assert q.asked == "yesno" and yesno_verb(q) == "免房租"
    note = "制定了科创团队及企业入驻、科技创新、产业落地、科技金融、公共服务等5方面政策措施"
    assert not answer_holds_kind(q, note)
    assert yesno_verb(analyse("今年运城会不会调整最低工资标准？")) == "调整"
    # a word after an adverb is the predicate whatever the tagger calls it (已经/d 上市/ns)
    q = analyse("袁玉宇的广州迈普再生医学公司是不是已经上市了？")
    assert yesno_verb(q) == "上市"
    assert not answer_holds_kind(q, "广州迈普再生医学科技股份有限公司董事长袁玉宇带着团队")


def test_what_a_proposal_says_is_said_only_by_its_content():
    # 形成相关建议 says one was made, not what it says; 关于…的建议 or 建议加快… says it
    q = analyse("徐晓婵这次全国两会带来的建议，具体内容是什么？")
    assert q.flags.get("proposal")
    assert not answer_holds_kind(q, "此次全国两会,她就基层调研的最新情况形成相关建议。")
    q = analyse("徐晓婵去年提出了什么建议")
    assert answer_holds_kind(q, "徐晓婵提出关于分级诊疗中基层医疗能力提升的建议,引起相关部门重视")
    assert answer_holds_kind(analyse("杜明燕带了什么提案"), "杜明燕建议加快建设边境口岸")
    assert not answer_holds_kind(analyse("杜明燕今年带了什么提案上会？"), "杜明燕深有感触。")
    assert not analyse("政府要认真办好人大代表建议").flags.get("proposal")


def test_an_english_which_question_naming_a_kind_of_body_asks_for_one():
    for question in (
        "Which Yuncheng college was selected for the 双高计划?",
        "Which ministry sets the standards for a 好房子?",
        "Which OTA platforms has Yuncheng partnered with?",
        "What companies will build the 源网荷储 projects?",
    ):
        assert analyse(question).asked == "organisation", question
    assert analyse("What kind of company counts as a 专精特新 enterprise?").asked != "organisation"
    # a college must be named as one: the plan's own words (…高职学校…) name none
    q = analyse("Which Yuncheng college was selected for the 双高计划?")
    assert not answer_holds_kind(
        q, "职业教育“双高计划”：国家和省特色高水平高职学校和专业群建设计划。"
    )
    assert answer_holds_kind(q, "运城职业技术大学入选“双高计划”。")


def test_a_place_saying_what_sort_of_person_someone_is_is_not_where_it_happened():
    q = analyse("袁玉宇是在什么地方跟习近平总书记面对面交流的？")
    assert q.asked == "place"
    said = (
        "这位曾与习近平总书记面对面、受到总书记鼓励的“80后”海归创业者坚信,坚持走创新驱动发展道路。"
    )
    assert not answer_holds_kind(q, said)  # 海归/ns 创业者: where he came back from
    assert answer_holds_kind(q, "袁玉宇在广州与总书记面对面交流。")


def test_a_count_of_those_doing_something_needs_what_they_do():
    from qa.question import relation_words

    q = analyse("灵活就业人员中有多少人已经参加了社保？")
    assert q.asked == "number" and relation_words(q) == ["社保"]
    assert relation_words(analyse("多少人参加了培训")) == ["参加"]  # the tagger: 培训/v
    assert relation_words(analyse("有多少家企业入驻晋创谷")) == []  # counts 企业, whatever they do


def test_voice_typed_questions_are_read_as_meant():
    from qa.question import language, relation_words, which_typo

    # 那 for 哪 where nothing else asks; a demonstrative in a real question stays
    assert which_typo("高效办成一件事是那个部门牵头负责的") == "高效办成一件事是哪个部门牵头负责的"
    assert analyse("高效办成一件事是那个部门牵头负责的").asked == "organisation"
    assert which_typo("那个部门是哪年成立的") == "那个部门是哪年成立的"
    assert analyse("这篇评论的主要意思是啥").asked == "summary"
    assert analyse("运城的晋创谷和临汾的晋创谷哪个规模大一些").flags.get("degree")
    assert relation_words(analyse("运城市常住人口现在有多少")) == ["常住人口"]
    # English words in a question Chinese asks: Chinese, not English
    assert language("市政府 meeting 上说要用好什么 work method 来抓落实") == "mixed"
    assert language("what is 新三样 in the report?? 电动车那些吗") == "en"
    # a direction after the verb (编出来) is not the action: 编制 says 编
    assert relation_words(analyse("城市综合信用指数是怎么编出来的")) == ["编"]


def test_names_listed_then_counted_as_cities_are_cities():
    q = analyse("截至2024年底晋创谷挂牌运营的是哪6个市？")
    assert answer_holds_kind(q, "截至2024年底太原、大同、晋中、临汾、运城、晋城6市晋创谷挂牌运营。")
    assert not answer_holds_kind(q, "截至2024年底，晋创谷挂牌运营。")


def test_wei_shenme_yang_asks_what_sort_not_why():
    assert analyse("袁玉宇被描述为什么样的创业者？").asked != "reason"
    assert analyse("为什么要建设法治政府？").asked == "reason"


def test_the_documents_numbering_is_found_in_a_question():
    from qa.question import structure_refs

    refs = structure_refs("注释第33条民生实事中，维修农村供水工程多少处")
    assert [(r.kind, r.number) for r in refs] == [("note", 33)]
    assert "注释第33条民生实事中"[refs[0].end :] == "民生实事中"
    said = "注释第2条所说山西省出台的行动计划"
    assert said[structure_refs(said)[0].end :] == "山西省出台的行动计划"
    assert [(r.kind, r.number) for r in structure_refs("第十二条注释讲的是什么")] == [("note", 12)]
    assert [(r.kind, r.number) for r in structure_refs("the good housing standard in note 34")] == [
        ("note", 34)
    ]
    part = structure_refs("注释第二部分讲了什么")
    assert [(r.kind, r.number, r.of) for r in part] == [("part", 2, "注释")]
    assert "注释第二部分讲了什么"[part[0].end :] == "讲了什么"  # a verb is no joining word
    assert structure_refs("2025年工作注释里有哪些新词") == []  # a year is no note number
    assert structure_refs("三大灌区是哪三个") == []


def test_clauses_that_ask_nothing_are_context_for_the_parts_after_them():
    q = analyse("“15件省省级民生实事”中，维修农村供水工程多少处，受益人口多少？")
    assert q.asked == "parts" and len(q.parts) == 2
    assert "民生实事" in q.parts[0] and "维修农村供水工程" in q.parts[0]


def test_english_measure_questions_ask_a_number_and_how_many_counts():
    q = analyse("What is Yuncheng's 2025 target for new-type energy storage capacity, in MW?")
    assert q.asked == "number"
    # "how many … are budgeted" counts things: not an amount of money
    q = analyse("How many community canteens are budgeted under the first project?")
    assert q.asked == "number" and q.unit is None
    assert answer_holds_kind(q, "一是新建改造50个区域养老服务中心、100个标准化社区食堂；")
    assert analyse("Which Korean city is Yuncheng's new sister city?").asked == "place"
    assert analyse("What is the meaning of 吨半粮?").asked == "definition"


def test_how_long_asks_a_span_not_a_date():
    q = analyse("How long did it take to complete the transitional resettlement?")
    assert q.asked == "time" and q.flags.get("grain") == "duration"
    assert answer_holds_kind(q, "在各界的共同关心下,不到一个月,灾区群众过渡性安置全部完成。")
    assert not answer_holds_kind(q, "2025年1月,日喀则市定日县发生6.8级地震。")
    zh = analyse("过渡性安置用了多长时间完成？")
    assert zh.flags.get("grain") == "duration"
    assert answer_holds_kind(analyse("人民政协有多长时间的历史？"), "走过75年光辉历程的人民政协")
    assert analyse("三年行动计划覆盖哪一时间段？").asked == "time"


def test_which_ministry_needs_one_named_as_such():
    q = analyse("Her proposal drew attention: which ministry or commission responded to it?")
    assert q.asked == "organisation"
    assert not answer_holds_kind(q, "安徽中医药大学第二附属医院的徐晓婵提出建议,引起相关部门重视。")
    assert answer_holds_kind(q, "商务部对此作出答复。")


def test_a_company_is_chaired_by_its_board_chair():
    from qa.lexicon import english_relations, states

    rel = english_relations("Which company is chaired by NPC deputy Yuan Yuyu?")
    assert rel and all(
        states("全国人大代表、广州迈普再生医学科技股份有限公司董事长袁玉宇", r) for r in rel
    )
    meeting = english_relations("Who chaired the meeting?")
    assert all(states("会议由市长主持", r) for r in meeting)


def test_a_comparison_on_an_aspect_names_it_unless_it_asks_what_each_is():
    q = analyse("运城晋创谷与太原晋创谷在入驻企业数量和科创团队规模上相比孰多孰少？")
    assert q.asked == "comparison" and {"数量", "规模"} <= set(q.flags["aspect"])
    assert "aspect" not in analyse("新型储能与源网荷储在性质上有何区别？").flags
    assert "aspect" not in analyse("吨半粮和三保障有什么区别").flags


def test_a_bare_article_number_beside_a_note_is_a_note():
    from qa.question import structure_refs

    refs = structure_refs("注释第18条“新型储能”与第19条“源网荷储”有何区别？")
    assert [(r.kind, r.number) for r in refs] == [("note", 18), ("note", 19)]
    assert structure_refs("宪法第19条说了什么") == []  # no note named: not the glossary's


def test_how_after_a_noun_asks_what_it_is_like_not_a_way():
    assert analyse("尼玛琼拉看到的安置点条件如何").asked == "fact"
    assert analyse("效果如何？").asked == "fact"
    assert analyse("如何建设法治政府").asked == "method"
    assert analyse("法治政府如何建设？").asked == "method"


def test_quiz_and_colloquial_readings():
    # a claim of rank must be made by the answer too
    q = analyse("判断：运城的晋创谷是全省第一个挂牌运营的晋创谷，对吗？")
    assert q.asked == "yesno"
    assert not answer_holds_kind(
        q, "截至2024年底太原、大同、晋中、临汾、运城、晋城6市晋创谷挂牌运营。"
    )
    # which side has more of it asks a degree
    assert analyse("咱运城的“吨半粮”跟河南比，哪边亩产高？").flags.get("degree")
    # the proposal itself, asked as a summary
    assert analyse("请简述尼玛琼拉委员今年在全国两会上提出的具体建议。").flags.get("proposal")
    # an afterthought of a few words completes the question before it
    q = analyse("When did Wang Yong become an NPC deputy, which year?")
    assert q.asked == "time" and not q.parts and q.flags.get("grain") == "year"
    assert analyse("What was the export value of the new three items last year?").asked == "number"
    # a glossary term inside an article's title names the article, not the term
    q = analyse(
        "《锚定目标 紧抓快干 奋发有为建设“一城两区三门户”》一文提了哪几点要求", ["一城两区三门户"]
    )
    assert q.terms == ()
    assert analyse("“一城两区三门户”是什么", ["一城两区三门户"]).terms == ("一城两区三门户",)
