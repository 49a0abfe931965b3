import pytest
from paths import SEED_REPORTS

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


# -- the frozen dictionary (answering processes map it instead of loading jieba's) -------------------
AGENCY_WORDS = ["温州市教育局", "温州", "温州市", "张店区教育局", "张店", "张店区"]


@pytest.fixture(scope="module")
def frozen_pair(tmp_path_factory):
    """A live segmenter that froze its dictionary, and a fresh one that mapped that file."""
    cache = tmp_path_factory.mktemp("frozen")
    live = Segmenter(cache_dir=cache)
    live.load(AGENCY_WORDS)  # not initialised: jieba's dictionary is loaded, the words added, the result frozen
    frozen = Segmenter(cache_dir=cache)
    frozen.load(AGENCY_WORDS)
    return live, frozen


def test_a_new_segmenter_maps_the_frozen_dictionary_of_the_same_words(frozen_pair, tmp_path):
    live, frozen = frozen_pair
    assert (live.frozen, frozen.frozen) == (False, True)
    assert frozen.dictionary_id == live.dictionary_id
    assert len(list(frozen.cache_dir.glob("words-*.marisa"))) == 1


def test_frozen_and_live_dictionaries_cut_every_seed_report_the_same(frozen_pair):
    live, frozen = frozen_pair
    for path in sorted(SEED_REPORTS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert frozen.words(text) == live.words(text), path.name
    assert frozen.words("张店教育局18年收到几件依申请公开？") == [
        "张店", "教育", "教育局", "18", "年", "收到", "几件", "申请", "公开", "依申请公开",
    ]  # fmt: skip
    assert (frozen.known("护照"), frozen.known("抖音发"), frozen.known("张店区教育局")) == (True, False, True)


def test_a_frozen_dictionary_takes_no_new_words(frozen_pair):
    with pytest.raises(RuntimeError, match="frozen"):
        frozen_pair[1].add_words(["柳州市教育局"])


@pytest.mark.slow  # loads jieba's dictionary twice: over two seconds
def test_other_words_or_a_torn_file_load_jieba_and_freeze_again(frozen_pair):
    cache = frozen_pair[1].cache_dir
    other = Segmenter(cache_dir=cache)
    other.load(["柳州市教育局"])
    assert other.frozen is False
    assert len(list(cache.glob("words-*.marisa"))) == 2
    for torn in ("freq", "marisa"):  # a value short, then a trie cut off: neither is the file written
        for path in cache.glob(f"words-*.{torn}"):
            path.write_bytes(path.read_bytes()[: -8 if torn == "freq" else 100])
        again = Segmenter(cache_dir=cache)
        again.load(AGENCY_WORDS)  # loads jieba's, adds the words and writes the frozen files again
        assert again.frozen is False
        assert again.words("温州市教育局") == ["温州", "州市", "教育", "温州市", "教育局", "温州市教育局"]
    mapped = Segmenter(cache_dir=cache)
    mapped.load(AGENCY_WORDS)
    assert mapped.frozen is True


def test_a_dictionary_named_by_the_digest_of_its_words_is_mapped_without_reading_them(tmp_path):
    # What opening a knowledge base does: the words (every agency's) are read only to build the dictionary.
    read = []

    def words():
        read.append(1)
        return ["岚峦区教育局", "岚峦区"]

    first = Segmenter(cache_dir=tmp_path)
    first.load(words, digest="abc")
    assert (len(read), first.frozen) == (1, False)  # built from the words, and frozen for the next process
    again = Segmenter(cache_dir=tmp_path)
    again.load(words, digest="abc")
    assert (len(read), again.frozen) == (1, True)
    assert "岚峦区教育局" in again.words("岚峦区教育局电话")
