"""`baton demo --reset` replaces a demo, never a person's own replica.

`baton demo` without --home builds in $BATON_HOME (or the platform's folder), where a person's own replica
lives; it said "already holds a replica; pass --reset to replace it with the demo", and followed, --reset
deleted their records. Now such a home is refused whatever the flags, in one line, and nothing changes."""

from __future__ import annotations

from conftest import dump, run

from baton.core.demo import DEMO_MARK


def test_a_replica_of_your_own_is_never_replaced(tmp_path):
    home = tmp_path / "mine"
    assert run("init", "--user", "zed", home=home).returncode == 0
    config = (home / "config.json").read_text(encoding="utf-8")
    before = dump(home)
    for flags in ([], ["--reset"]):
        result = run("demo", *flags, home=home)
        assert result.returncode == 1, result.stdout
        [line] = result.stderr.strip().splitlines()
        assert line == (
            f"baton: {home} holds a replica of your own, not a demo: `baton demo` never replaces it "
            "(give --home DIR, a new or empty folder, for the demo)"
        )
        assert "--reset" not in line  # no advice that would delete it
    assert (home / "config.json").read_text(encoding="utf-8") == config and dump(home) == before


def test_a_demo_is_marked_and_reset_builds_it_afresh(tmp_path):
    home = tmp_path / "demo"
    assert run("demo", home=home).returncode == 0
    assert (home / DEMO_MARK).exists()
    again = run("demo", home=home)
    assert again.returncode == 1 and "already holds the demo; pass --reset" in again.stderr
    assert run("demo", "--reset", home=home).returncode == 0


def test_a_demo_from_before_the_mark_is_still_a_demo(tmp_path):
    home = tmp_path / "demo"
    assert run("demo", home=home).returncode == 0
    (home / DEMO_MARK).unlink()
    assert run("demo", "--reset", home=home).returncode == 0
    assert (home / DEMO_MARK).exists()
