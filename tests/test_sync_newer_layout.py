"""A newer baton's layout in the shared folder (`baton/v2` beside `baton/v1`) is said at every sync, where it was
passed over without a word and the teammates writing there looked as if they had gone quiet."""

from __future__ import annotations

from sync_support import sync_once, teammate


def test_a_newer_layout_is_said_and_the_rest_syncs_as_before(tmp_path, shared) -> None:
    ana = teammate(tmp_path, "ana", shared)
    ben = teammate(tmp_path, "ben", shared)
    handoff = ben.create("relay", "Acme", "ana")
    sync_once(ben)
    (shared / "baton" / "v2" / "replicas").mkdir(parents=True)
    (shared / "baton" / "v10").write_text("not a folder")  # only folders are layouts
    (shared / "baton" / "vx").mkdir()
    report = sync_once(ana)
    newer = [w for w in report.warnings if "newer baton" in w]
    assert newer == [
        f"{shared / 'baton' / 'v2'} is written by a newer baton: what teammates write there is not read here until "
        "baton is updated on this device"
    ]
    assert not report.problems and ana.state(handoff).exists  # v1 is read as before
