from pathlib import Path

import pytest

from loaders import load_report
from loaders.errors import ReportUnreadable, decode_bytes
from loaders.files import iter_report_files, read_text, skipped_files, sniffed_suffix

TEXT = "温州市教育局2018年政府信息公开工作年度报告"


@pytest.mark.parametrize(
    "encoded",
    [
        TEXT.encode("utf-8"),
        TEXT.encode("utf-8-sig"),
        TEXT.encode("gb18030"),
        TEXT.encode("gbk"),
        b"\xff\xfe" + TEXT.encode("utf-16-le"),
        b"\xfe\xff" + TEXT.encode("utf-16-be"),
    ],
    ids=["utf8", "utf8-bom", "gb18030", "gbk", "utf16le-bom", "utf16be-bom"],
)
def test_decodes_every_encoding_reports_come_in(encoded):
    assert decode_bytes(encoded, name="r.txt") == TEXT


def test_empty_file_is_reported_by_name(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"  \n")
    with pytest.raises(ReportUnreadable, match=r"^empty.txt: empty file$"):
        read_text(path)


def test_binary_garbage_is_reported_by_name(tmp_path):
    path = tmp_path / "garbage.txt"
    path.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(ReportUnreadable, match=r"^garbage.txt: binary data, not a text report$"):
        read_text(path)


def test_a_utf16_report_with_a_bom_is_read_not_called_binary(tmp_path):
    path = tmp_path / "utf16.txt"
    path.write_bytes(b"\xff\xfe" + f"{TEXT}\r\n一、总体情况\r\n".encode("utf-16-le"))
    assert read_text(path) == f"{TEXT}\r\n一、总体情况\r\n"


def test_a_utf16_file_of_only_spaces_is_empty(tmp_path):
    path = tmp_path / "blank.txt"
    path.write_bytes(b"\xfe\xff" + " \n".encode("utf-16-be"))
    with pytest.raises(ReportUnreadable, match=r"^blank.txt: empty file$"):
        read_text(path)


def test_a_utf16_bom_before_broken_utf16_is_reported(tmp_path):
    path = tmp_path / "half.txt"
    path.write_bytes(b"\xff\xfe" + TEXT.encode("utf-16-le") + b"\x00\xd8")  # a lone high surrogate
    with pytest.raises(ReportUnreadable, match=r"^half.txt: broken UTF-16 text$"):
        read_text(path)


def test_undecodable_bytes_are_reported(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes(b"\xfa\xfb\xff\xfe" * 50)  # not from the start: \xff\xfe there is UTF-16's BOM
    with pytest.raises(ReportUnreadable, match=r"^latin.txt: not UTF-8 or GB18030 text$"):
        read_text(path)


def test_iter_report_files_recurses_in_stable_order_and_skips_other_files(tmp_path):
    (tmp_path / "b").mkdir()
    for name in ("b/2.txt", "a.txt", "notes.md", ".hidden.txt", "b/1.TXT"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert [p.relative_to(tmp_path).as_posix() for p in iter_report_files(tmp_path)] == ["a.txt", "b/1.TXT", "b/2.txt"]


def test_iter_report_files_rejects_a_missing_folder(tmp_path):
    with pytest.raises(ReportUnreadable, match="not a directory"):
        list(iter_report_files(tmp_path / "nope"))


def test_unreadable_file_names_the_file(tmp_path):
    with pytest.raises(ReportUnreadable, match=r"^gone.txt: cannot read"):
        read_text(Path(tmp_path / "gone.txt"))


@pytest.fixture
def linked_folder(tmp_path):
    """A reports folder with links out of it (a file and a folder) and a link that stays inside."""
    secret = tmp_path / "outside" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    folder = tmp_path / "reports"
    (folder / "2019").mkdir(parents=True)
    (folder / "2019" / "a.txt").write_text(TEXT, encoding="utf-8")
    (folder / "passwd.txt").symlink_to(secret)
    (folder / "elsewhere").symlink_to(secret.parent, target_is_directory=True)
    (folder / "a-again.txt").symlink_to(folder / "2019" / "a.txt")
    return folder


def test_links_out_of_the_folder_are_skipped_and_links_within_it_are_read(linked_folder):
    assert [p.relative_to(linked_folder).as_posix() for p in iter_report_files(linked_folder)] == [
        "2019/a.txt",
        "a-again.txt",
    ]
    assert [(p.relative_to(linked_folder).as_posix(), why) for p, why in skipped_files(linked_folder)] == [
        ("elsewhere", "links outside the reports folder"),
        ("passwd.txt", "links outside the reports folder"),
    ]
    assert read_text(linked_folder / "a-again.txt") == TEXT


def test_a_file_linked_out_after_listing_is_not_loaded(linked_folder):
    with pytest.raises(ReportUnreadable, match=r"^passwd.txt: links outside the reports folder$"):
        load_report(linked_folder / "passwd.txt", root=linked_folder)


def test_a_symlink_loop_is_skipped_with_its_reason(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT, encoding="utf-8")
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    (folder / "ping.txt").symlink_to(folder / "pong.txt")
    (folder / "pong.txt").symlink_to(folder / "ping.txt")
    assert [p.name for p in iter_report_files(folder)] == ["a.txt"]
    assert [(p.name, why) for p, why in skipped_files(folder)] == [
        ("loop.txt", "a symlink that loops or cannot be followed"),
        ("ping.txt", "a symlink that loops or cannot be followed"),
        ("pong.txt", "a symlink that loops or cannot be followed"),
    ]
    with pytest.raises(ReportUnreadable, match=r"^loop.txt: a symlink that loops or cannot be followed$"):
        load_report(folder / "loop.txt", root=folder)


@pytest.mark.parametrize(
    ("name", "content", "suffix"),
    [
        ("a.txt", b"%PDF-1.3\n%\xe2\xe3\xcf\xd3\n", ".pdf"),  # a PDF sent as text
        ("a.txt", b"\xef\xbb\xbf<!DOCTYPE html><html><body>", ".html"),  # a saved page sent as text
        ("a.pdf", b"PK\x03\x04\x14\x00", ".docx"),  # a .docx is a ZIP archive
        ("a.htm", "营口市教育局2020年报告".encode(), ".html"),  # a page stays a page
        ("a.pdf", b"\x00\x01garbage", ".pdf"),  # no sign of a format: as named, so its reader says why
        ("a.txt", "营口市教育局2020年报告".encode(), ".txt"),
    ],
    ids=["pdf-as-txt", "page-as-txt", "docx-as-pdf", "htm", "broken-pdf", "text"],
)
def test_the_content_decides_the_format_not_the_name(tmp_path, name, content, suffix):
    (tmp_path / name).write_bytes(content)
    assert sniffed_suffix(tmp_path / name) == suffix
