from loaders.clean import clean_text


def test_strips_breadcrumbs_font_widgets_and_word_debris_but_keeps_content():
    raw = (
        "首页\xa0->\xa0政务公开\xa0->\xa0政府信息公开年报\r\n"
        "[字体: ] 打印\r\n"
        "当前位置: 首页 > 政府信息公开 > 正文\r\n"
        "　　一、概述\r\n"
        "[bookmark: _GoBack]2017年度，张店区教育局认真实施《条例》。\r\n"
        "[image: image1.wmf]\r\n"
        "\ufffd CONTROL BCWordCtrlLib.WordOLECtrl \\s \ufffd\r\n"
        "PAGE  \r\n"
        "8\r\n"
        "送：市政务公开领导小组办公室\r\n"
    )
    assert clean_text(raw) == "一、概述\n2017年度，张店区教育局认真实施《条例》。"


def test_keeps_table_cells_that_are_bare_numbers():
    # yiyang-datonghu-2019 has one table cell per line; a bare number there is content.
    assert clean_text("行政许可\n0\n8505\n") == "行政许可\n0\n8505"


def test_keeps_publication_metadata_lines():
    assert clean_text("发布时间:2016-02-11\n正文。") == "发布时间:2016-02-11\n正文。"


def test_tidies_ideographic_and_no_break_spaces_without_rewriting_punctuation():
    assert clean_text("\u3000\u3000地址：温州市\u00a0市府路490号；") == "地址：温州市 市府路490号；"
