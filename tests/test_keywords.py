from knowledge.keywords import Synonyms, extract_keywords, numeral_forms


def test_synonyms_group_question_words_with_report_words():
    synonyms = Synonyms.load()
    assert "政府信息公开申请" in synonyms.forms("依申请公开")
    assert synonyms.forms("护照") == ("护照",)


def test_numeral_forms_both_ways():
    assert (numeral_forms("5条"), numeral_forms("第五十条"), numeral_forms("一是")) == (("五条",), ("第50条",), ())


def _words(question, seed_kb, kind="fact"):
    keywords = extract_keywords(question, seed_kb.segmenter, seed_kb.store, seed_kb.synonyms, kind=kind)
    return [k.forms[0] for k in keywords]


def test_asked_unit_and_question_words_are_not_keywords(seed_kb):
    # 主动 and 公开 are parts of 主动公开, which the reports write: the whole word stands for them.
    assert _words("主动公开的信息多少天内要公开", seed_kb) == ["主动公开", "信息"]


def test_a_compound_no_report_writes_is_said_by_its_parts(seed_kb):
    assert _words("市政府办发了哪些文件", seed_kb) == ["市政府", "文件", "发布"]


def test_chat_words_and_particles_are_not_keywords(seed_kb):
    assert _words("你们自己说说，收钱不", seed_kb) == ["收费"]
    assert _words("有没有人申请过信息公开", seed_kb) == ["依申请公开"]


def test_a_guessed_run_no_report_contains_falls_back_to_its_parts(seed_kb):
    # jieba glues 抖音发 into one word; the reports know 抖音 (or nothing), never 抖音发.
    assert "抖音发" not in _words("抖音发了几条", seed_kb)


def test_a_real_word_no_report_contains_stays(seed_kb):
    assert _words("怎么办理护照", seed_kb) == ["办理", "护照"]


def test_contact_words_only_in_contact_questions(seed_kb):
    assert _words("存在哪些问题", seed_kb) == ["存在", "问题"]
    assert "地址" in _words("办公地址在哪", seed_kb, kind="contact")


def test_the_day_a_report_was_put_out_is_asked_by_its_date_not_by_the_verb(seed_kb):
    # The page's date line (2019年03月28日来源:…) rarely says 发布: the date itself stands for the verb.
    assert _words("年报是哪天挂出来的", seed_kb, kind="date") == ["日期"]
    assert _words("什么时候发布", seed_kb, kind="date") == ["日期"]
    assert _words("机构改革是什么时候完成的", seed_kb, kind="date") == [
        "机构",
        "改革",
        "完成",
    ]  # no verb of putting out
    answer = seed_kb.ask("沈阳市教育局2018年年报是哪天发布的")
    assert answer.snippet == "2019年03月28日来源:市教育局"


def test_a_question_that_says_only_the_thing_it_asks_is_looked_up_by_that_things_word(seed_kb):
    # 在几楼 leaves no word once its asked unit goes; it asks an address, which 地址 names.
    answer = seed_kb.ask("沈阳市教育局2018年在几楼")
    assert (answer.refusal, answer.hits[0].snippet.count("地址:沈阳市沈河区北二经街55号")) == (None, 1)
