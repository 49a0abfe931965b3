from bot.library.plan import Plan, plan_ingest

STORED = {
    "a.txt": ("aaa", "甲局", 2019),
    "b.txt": ("bbb", "乙局", 2019),
    "c.txt": ("ccc", None, None),
    "d.txt": ("ddd", "丁局", 2020),
}


def test_each_file_is_new_changed_removed_or_unchanged_in_listing_order():
    present = {"z.txt": "zzz", "b.txt": "BBB", "a.txt": "aaa", "e.txt": "eee", "d.txt": "ddd"}
    assert plan_ingest(STORED, present, skipped=["x.doc: not a report format (.doc)"]) == Plan(
        new=("z.txt", "e.txt"),
        changed=("b.txt",),
        removed=("c.txt",),
        unchanged=("a.txt", "d.txt"),
        skipped=("x.doc: not a report format (.doc)",),
    )


def test_an_empty_knowledge_base_reads_everything_and_an_empty_folder_removes_everything():
    assert plan_ingest({}, {"b.txt": "1", "a.txt": "2"}) == Plan(new=("b.txt", "a.txt"))
    assert plan_ingest(STORED, {}) == Plan(removed=("a.txt", "b.txt", "c.txt", "d.txt"))


def test_a_file_that_cannot_be_read_now_is_skipped_and_its_stored_version_removed():
    plan = plan_ingest(STORED, {"a.txt": "aaa", "b.txt": "bbb", "d.txt": "ddd"}, skipped=["c.txt: cannot read"])
    assert (plan.removed, plan.skipped) == (("c.txt",), ("c.txt: cannot read",))


def test_to_read_is_the_new_and_changed_files():
    plan = plan_ingest(STORED, {"b.txt": "BBB", "a.txt": "aaa", "n.txt": "nnn"})
    assert plan.to_read == {"b.txt", "n.txt"}


def test_carried_out_keeps_only_what_loaded_sorted():
    plan = Plan(new=("z.txt", "e.txt", "f.txt"), changed=("d.txt", "b.txt"), removed=("c.txt",), unchanged=("a.txt",))
    assert plan.carried_out({"e.txt", "z.txt", "b.txt", "d.txt"}) == Plan(
        new=("e.txt", "z.txt"), changed=("b.txt", "d.txt"), removed=("c.txt",), unchanged=("a.txt",)
    )
    assert plan.carried_out(set()) == Plan(removed=("c.txt",), unchanged=("a.txt",))
