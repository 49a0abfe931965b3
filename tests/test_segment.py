import pytest

from knowledge.segment import Segmenter, normalise


def test_words_keep_domain_terms_whole_and_drop_punctuation(segmenter):
    assert segmenter.words("收到依申请公开，共11件。") == ["收到", "申请", "公开", "依申请公开", "共", "11", "件"]


def test_added_agency_words_are_kept_whole(segmenter):
    segmenter.add_words(["张店区教育局", "张店"])
    assert "张店" in segmenter.words("张店教育局")
    assert "张店区教育局" in segmenter.words("张店区教育局办公室")


def test_known_tells_dictionary_words_from_guessed_runs(segmenter):
    assert segmenter.known("护照") is True
    assert segmenter.known("抖音发") is False


def test_dictionary_cache_lives_in_the_cache_dir(tmp_path):
    seg = Segmenter(cache_dir=tmp_path / "cache")
    seg.initialize()
    assert [p.name for p in (tmp_path / "cache").iterdir()] == ["jieba.cache"]


def test_words_before_initialize_is_an_error():
    with pytest.raises(RuntimeError, match="initialize"):
        Segmenter().words("温州")


def test_normalise_folds_full_width_forms():
    assert normalise("（电话：０５７７）") == "(电话:0577)"
