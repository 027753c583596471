"""Setting an item to the value it holds, or clearing an empty one, writes nothing.

History and the leads' figures count events, so a value saved twice (Enter, then
leaving the field; a script run again) must not show up as a change. Core decides
this once, for every path: the app, the command line and the demo all call it.
"""

from __future__ import annotations

import pytest
from conftest import GOOD_VALUES, Team
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from baton.core.errors import InvalidValue, NotAllowed, NotFound
from baton.core.values import same_value


def events(team: Team) -> int:
    return len(team.store.event_rows())


def test_the_same_value_again_writes_nothing(team: Team):
    handoff = team.draft()
    team.fill(handoff)
    before = events(team)
    for item_id, raw in GOOD_VALUES.items():
        assert team["ana"].set_item(handoff, item_id, raw) is None
    assert team["ana"].set_item(handoff, "plan", "GROWTH") is None  # the same choice, typed differently
    assert team["ana"].set_item(handoff, "seats", "40.0") is None
    assert events(team) == before
    assert team["ana"].set_item(handoff, "seats", "41") is not None
    assert events(team) == before + 1


def test_clearing_an_empty_item_writes_nothing(team: Team):
    handoff = team.draft()
    before = events(team)
    assert team["ana"].clear_item(handoff, "code") is None
    assert events(team) == before
    team["ana"].set_item(handoff, "code", "ACM-1")
    assert team["ana"].clear_item(handoff, "code") is not None
    assert team["ana"].clear_item(handoff, "code") is None
    assert events(team) == before + 2


def test_history_shows_one_change_per_change(team: Team):
    handoff = team.draft()
    team["ana"].set_item(handoff, "summary", "short text here")
    team["ana"].set_item(handoff, "summary", "short text here")
    summaries = [h.summary for h in team["ana"].state(handoff).history if "summary" in h.summary.lower()]
    assert len(summaries) == 1, summaries


def test_a_check_unticked_is_a_change_from_ticked(team: Team):
    handoff = team.draft()
    team["ana"].set_item(handoff, "signed", True)
    assert team["ana"].set_item(handoff, "signed", False) is not None
    assert team["ana"].set_item(handoff, "signed", "no") is None


def test_writing_nothing_still_needs_permission(team: Team):
    handoff = team.ready()
    before = events(team)
    with pytest.raises(NotAllowed):
        team["ben"].set_item(handoff, "code", GOOD_VALUES["code"])
    with pytest.raises(NotAllowed):
        team["ben"].clear_item(handoff, "notes")
    team["ana"].send(handoff)
    with pytest.raises(NotAllowed):
        team["ana"].set_item(handoff, "code", GOOD_VALUES["code"])
    assert events(team) == before + 1


def test_permission_is_judged_before_the_reason(team: Team):
    handoff = team.ready()
    team["ana"].send(handoff)
    with pytest.raises(NotAllowed):  # not the receiver: that matters more than the one-word reason
        team["cal"].return_(handoff, "no")
    with pytest.raises(NotAllowed):
        team["cal"].cancel(handoff, "no")
    for placeholder in ("tbd", "see Slack"):  # a reason that is only a placeholder is checked after permission too
        with pytest.raises(NotAllowed):
            team["cal"].return_(handoff, placeholder)
        with pytest.raises(NotAllowed):
            team["cal"].cancel(handoff, placeholder)
    with pytest.raises(InvalidValue):  # the receiver's one-word reason is still refused
        team["ben"].return_(handoff, "no")
    with pytest.raises(InvalidValue, match="tbd"):  # and the receiver's placeholder
        team["ben"].return_(handoff, "tbd")


def test_did_you_mean_an_item(team: Team):
    handoff = team.draft()
    with pytest.raises(NotFound, match="did you mean `kickoff`"):
        team["ana"].set_item(handoff, "kickof", "2026-12-03")
    with pytest.raises(NotFound, match="items: signed"):
        team["ana"].clear_item(handoff, "zzzzzz")


VALUES = st.one_of(st.booleans(), st.integers(-5, 5), st.floats(-5, 5, allow_nan=False), st.text(max_size=3))


@given(VALUES, VALUES)
def test_same_value_is_equality_without_bool_number_confusion(a, b):
    same = same_value(a, b)
    assert same == same_value(b, a)
    assert same_value(a, a)
    if isinstance(a, bool) != isinstance(b, bool):
        assert not same
    elif not isinstance(a, bool):
        assert same == (a == b)


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(st.lists(st.sampled_from(["41", "42", "40", None]), min_size=1, max_size=8))
def test_a_run_of_saves_writes_one_event_per_real_change(team: Team, inputs):
    handoff = team.draft(title=f"Acme {len(inputs)} saves")
    before = events(team)
    current, changes = None, 0
    for raw in inputs:
        if raw is None:
            team["ana"].clear_item(handoff, "seats")
        else:
            team["ana"].set_item(handoff, "seats", raw)
        value = None if raw is None else int(raw)
        changes += value != current
        current = value
    assert events(team) == before + changes
