"""A receiver typed by hand: a near-miss of a teammate's name is refused as a typo (with whom it probably meant);
someone who has not joined yet is still welcome, by saying so (`--new-teammate`) or by a name close to nobody's."""

from __future__ import annotations

import json

from conftest import dump
from hypothesis import given, settings
from hypothesis import strategies as st
from test_cli_routing import Baton, baton  # noqa: F401  (fixture: ana, with ben and cal known)

from baton.core.home import Home
from baton.core.receivers import meant_instead
from baton.core.replica import Replica


def test_new_to_a_near_miss_of_a_teammate_is_one_line_exit_4_nothing_written(baton: Baton) -> None:  # noqa: F811
    before = dump(baton.root)
    result = baton("new", "relay", "--title", "Acme rollout", "--to", "bem")
    assert result.returncode == 4, result.stderr
    assert result.stderr == (
        "baton: no teammate named 'bem' — did you mean ben? (to hand it to someone who has not joined yet, "
        "pass --new-teammate)\n"
    )
    assert result.stdout == ""
    assert dump(baton.root) == before


def test_new_teammate_says_the_name_is_meant(baton: Baton) -> None:  # noqa: F811
    result = baton("new", "relay", "--title", "Acme rollout", "--to", "bem", "--new-teammate")
    assert result.returncode == 0, result.stderr
    assert "nobody called bem has synced yet; the handoff waits for them" in result.stderr
    assert json.loads(baton("show", result.stdout.strip(), "--json").stdout)["receiver"] == "bem"


def test_a_name_close_to_nobody_is_taken_as_before(baton: Baton) -> None:  # noqa: F811
    result = baton("new", "relay", "--title", "Acme rollout", "--to", "priya")
    assert result.returncode == 0, result.stderr
    assert "note: nobody called priya has synced yet" in result.stderr
    assert baton("new", "relay", "--title", "To ben", "--to", "ben").returncode == 0


def test_from_json_and_reassign_meet_the_same_check(baton: Baton) -> None:  # noqa: F811
    request = json.dumps({"template": "relay", "title": "Acme rollout", "to": "cak"})
    typo = baton("new", "--from-json", "-", input=request)
    assert typo.returncode == 4 and "did you mean cal?" in typo.stderr
    handoff = baton("new", "relay", "--title", "Acme rollout", "--to", "ben").stdout.strip()
    before = dump(baton.root)
    refused = baton("reassign", handoff, "--to", "cak")
    assert refused.returncode == 4 and refused.stderr.count("\n") == 1
    assert "no teammate named 'cak' — did you mean cal?" in refused.stderr
    assert dump(baton.root) == before
    meant = baton("reassign", handoff, "--to", "cak", "--new-teammate")
    assert meant.returncode == 0, meant.stderr
    assert "nobody called cak has synced yet" in meant.stderr


@settings(max_examples=30, deadline=None)
@given(st.from_regex(r"[a-z]{2,8}", fullmatch=True))
def test_a_known_name_or_ones_own_is_never_a_typo(tmp_path_factory, name: str) -> None:
    home = Home(tmp_path_factory.mktemp("home"))
    replica = Replica.init(home, "ana")
    try:
        from baton.core.members import set_profile

        set_profile(replica.store, name, stages=["beta"])
        assert meant_instead(replica, name) is None
        assert meant_instead(replica, "ana") is None
        assert meant_instead(replica, name + "x") in (None, name)  # close to `name` or nobody: never to ana
    finally:
        replica.close()
