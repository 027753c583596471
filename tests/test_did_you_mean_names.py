"""A typed name that misses says which one it probably meant, with the helper items and receivers already use
(core/near_miss.py): a member in `team set` and `away`, a teammate in `remind --user`, a checklist in `new`."""

from __future__ import annotations

import pytest
from cli_support import baton, started

from baton.core.errors import NotFound
from baton.core.near_miss import closest, did_you_mean
from baton.core.team import membership
from tests.team_support import Clock, team


def test_the_closest_known_name_or_none():
    assert closest("bne", ["ana", "ben", "cal"]) == "ben"
    assert closest("zed", ["ana", "ben"]) is None
    assert did_you_mean("sumary", ["summary", "code"]) == " (did you mean `summary`?)"
    assert did_you_mean("zzz", ["summary"]) == ""


def test_team_set_names_the_member_a_typo_meant(tmp_path):
    people = team(tmp_path, Clock())
    with pytest.raises(NotFound, match=r"^bne is not on the team \(did you mean `ben`\?\)$"):
        membership.set_member(people["ana"], "bne", stages=["sales"])
    with pytest.raises(NotFound, match=r"^zed is not on the team$"):  # nobody close: no guess
        membership.set_member(people["ana"], "zed", stages=["sales"])


def test_remind_names_the_teammate_a_typo_meant(home):
    started(home)  # ana's handoff to ben: this copy has heard of ben
    result = baton(home, "remind", "--user", "bne")
    assert result.exit_code == 4
    assert result.stderr.strip() == (
        "baton: no teammate called bne (did you mean `ben`?): nobody by that name has synced or sent or received "
        "a handoff"
    )


def test_new_names_the_checklist_a_typo_meant(home):
    started(home)
    result = baton(home, "new", "sales-to-onbording", "--title", "Acme deal", "--to", "ben")
    assert result.exit_code == 4
    assert result.stderr.strip() == "baton: no template 'sales-to-onbording' (did you mean `sales-to-onboarding`?)"
    listed = baton(home, "new", "zzzz", "--title", "Acme deal", "--to", "ben")
    assert "(known: " in listed.stderr and "sales-to-onboarding" in listed.stderr  # nothing close: every one
