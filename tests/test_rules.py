"""The rules hold the same for a command and for an event that arrives through sync.

Each test here builds an event by hand (as a teammate's older or altered baton
might write it, skipping the command's checks), stores it the way an import does
(`Store.append`), and sees it kept in the log as a conflict with its reason, the
handoff unchanged.
"""

from __future__ import annotations

from typing import Any

import pytest
from conftest import Team

from baton.core.events import KINDS, Event
from baton.core.ids import new_id
from baton.core.projection import fold
from baton.core.rules import RULES, check


def forge(team: Team, handoff: str, kind: str, author: str, payload: dict[str, Any]) -> Event:
    """An event written by `author`'s replica without going through the command, then imported."""
    event = team[author]._event(handoff, kind, payload)  # type: ignore[arg-type]
    team.store.append([event.row()])
    return event


def refused_through_sync(team: Team, handoff: str, kind: str, author: str, payload: dict[str, Any], reason: str):
    before = team["ana"].state(handoff)
    event = forge(team, handoff, kind, author, payload)
    after = team["ana"].state(handoff)
    conflict = next(c for c in after.conflicts if c.event_id == event.id)
    assert reason in conflict.reason
    assert team.store.handoff_row(handoff)["conflicts"] == len(after.conflicts)
    for field in ("status", "sender", "receiver", "values", "waivers", "return_count", "cancel_reason"):
        assert getattr(after, field) == getattr(before, field), field
    return after


def test_every_kind_has_exactly_one_rule() -> None:
    from baton.core.events import ROSTER_KINDS  # roster changes follow the roster's rules (core/team/changes.py)

    assert set(RULES) | ROSTER_KINDS == KINDS
    assert not set(RULES) & ROSTER_KINDS


# ---- created ----------------------------------------------------------------------


def created(team: Team, **payload: Any) -> dict[str, Any]:
    template = team["ana"].catalog().get("relay").template.as_dict()
    body = {"template": template, "title": "Acme — 40 seats", "to": "ben", "due": None, **payload}
    return team["ana"]._event(new_id(), "created", body).model_dump()


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        ({"title": "ab"}, "a title needs at least 3 characters"),
        ({"title": "   a  "}, "a title needs at least 3 characters"),
        ({"to": "ana"}, "the receiver must be someone else"),
        ({"to": "Ben Smith"}, "invalid user name"),
        ({"due": "next week"}, "is not in the form YYYY-MM-DD"),
        ({"template": None}, "no checklist given"),
    ],
)
def test_a_synced_creation_that_breaks_a_rule_is_a_conflict(team: Team, payload, reason) -> None:
    event = created(team, **payload)
    state = fold(event["handoff"], [event])
    assert not state.exists
    assert len(state.conflicts) == 1 and reason in state.conflicts[0].reason


def test_a_synced_creation_that_keeps_the_rules_applies(team: Team) -> None:
    event = created(team, due="2026-12-01")
    assert fold(event["handoff"], [event]).exists


def test_a_title_longer_than_the_limit_is_refused_by_the_command_and_the_fold(team: Team) -> None:
    from baton.core.errors import InvalidValue
    from baton.core.field_rules import TITLE_MAX, TITLE_MAX_SINCE

    long = "x" * (TITLE_MAX + 1)
    with pytest.raises(InvalidValue, match=f"at most {TITLE_MAX} characters"):
        team["ana"].create("relay", long, "ben")
    event = {**created(team, title=long), "at": TITLE_MAX_SINCE}
    state = fold(event["handoff"], [event])
    assert not state.exists and f"at most {TITLE_MAX} characters" in state.conflicts[0].reason
    assert fold(event["handoff"], [{**created(team, title="x" * TITLE_MAX), "at": TITLE_MAX_SINCE}]).exists


def test_a_long_title_written_before_the_limit_folds_as_before(team: Team) -> None:
    """Every replica judges by the event's own time, so an old synced creation is never dropped on a re-fold."""
    from baton.core.field_rules import TITLE_MAX_SINCE

    event = {**created(team, title="x" * 5000), "at": TITLE_MAX_SINCE - 1}
    assert fold(event["handoff"], [event]).exists


# ---- values, waivers, reasons, reassignment ----------------------------------------------


@pytest.mark.parametrize(
    ("item", "value"),
    [("seats", "forty"), ("seats", True), ("signed", "yes"), ("summary", 12), ("plan", ["growth"])],
)
def test_a_synced_value_of_the_wrong_kind_is_a_conflict(team: Team, item: str, value: Any) -> None:
    handoff = team.draft()
    refused_through_sync(team, handoff, "item_set", "ana", {"item": item, "value": value}, "item: ")


def test_a_synced_waiver_of_an_optional_item_is_a_conflict(team: Team) -> None:
    handoff = team.draft()
    refused_through_sync(
        team, handoff, "waived", "lea", {"item": "notes", "reason": "not needed here"}, "only required items"
    )


def test_a_synced_waiver_needs_a_reason_of_two_words(team: Team) -> None:
    handoff = team.draft()
    refused_through_sync(team, handoff, "waived", "lea", {"item": "code", "reason": "nah"}, "at least two words")


def test_a_synced_return_needs_a_reason_of_two_words(team: Team) -> None:
    handoff = team.ready()
    team["ana"].send(handoff)
    after = refused_through_sync(team, handoff, "returned", "ben", {"reason": "vague"}, "at least two words")
    assert after.status == "sent"


def test_a_synced_cancellation_needs_a_reason_of_two_words(team: Team) -> None:
    handoff = team.draft()
    refused_through_sync(team, handoff, "cancelled", "ana", {"reason": "x y"}, "at least two words")


def test_a_synced_reassignment_to_no_valid_user_is_a_conflict(team: Team) -> None:
    handoff = team.draft()
    refused_through_sync(team, handoff, "reassigned", "lea", {"to": "Cal!"}, "invalid user name")


def test_a_synced_comment_with_no_text_is_a_conflict(team: Team) -> None:
    handoff = team.draft()
    refused_through_sync(team, handoff, "commented", "ben", {"text": "   "}, "a comment needs some text")


def test_a_synced_waiver_from_a_member_is_a_conflict(team: Team) -> None:
    handoff = team.draft()
    refused_through_sync(team, handoff, "waived", "ana", {"item": "code", "reason": "not needed here"}, "only a lead")


def test_a_good_synced_waiver_applies(team: Team) -> None:
    handoff = team.draft()
    forge(team, handoff, "waived", "lea", {"item": "code", "reason": "no code for pilots"})
    assert "code" in team["ana"].state(handoff).waivers


def test_the_command_and_the_fold_give_the_same_reason(team: Team) -> None:
    """A command's refusal is the rule's reason, word for word."""
    from baton.core.errors import InvalidValue

    handoff = team.ready()
    team["ana"].send(handoff)
    with pytest.raises(InvalidValue) as refused:
        team["ben"].return_(handoff, "vague")
    event = team["ben"]._event(handoff, "returned", {"reason": "vague"}).model_dump()
    problem = check(team["ana"].state(handoff), event)
    assert problem is not None and problem[1] == str(refused.value)


def test_who_counts_as_a_lead_is_one_question_for_the_whole_store(team: Team) -> None:
    """The store's RuleContext answers it for every fold, command and allowed_actions (the roster will)."""
    from baton.core.errors import NotAllowed
    from baton.core.permissions import RuleContext

    class NobodyLeads(RuleContext):
        def is_lead(self, event) -> bool:  # type: ignore[no-untyped-def]
            return False

    handoff = team.draft()
    team["lea"].waive(handoff, "code", "no code for pilots")
    assert "code" in team["ana"].state(handoff).waivers
    assert team["lea"].allowed(handoff)["waive"] is None

    team.store.rules = NobodyLeads()
    with team.store.lock, team.store.writing():
        team.store.rebuild()
    state = team["ana"].state(handoff)
    assert "code" not in state.waivers
    assert [c.reason for c in state.conflicts] == ["only a lead can waive an item"]
    assert team["lea"].allowed(handoff)["waive"] == "only a lead can waive an item"
    with pytest.raises(NotAllowed, match="only a lead"):
        team["lea"].waive(handoff, "summary", "not needed for pilots")


def test_a_rule_broken_by_a_teammate_arrives_through_the_folder_as_a_conflict(tmp_path) -> None:
    """End to end: ben's replica writes a one-word return (skipping the command), sync carries it to ana."""
    from sync_support import fill, sync_once, teammate

    shared = tmp_path / "shared"
    shared.mkdir()
    ana = teammate(tmp_path, "ana", shared)
    ben = teammate(tmp_path, "ben", shared)
    try:
        handoff = ana.create("relay", "Acme — 40 seats", "ben")
        fill(ana, handoff)
        ana.send(handoff)
        sync_once(ana)
        sync_once(ben)
        forged = ben._event(handoff, "returned", {"reason": "vague"})
        ben.store.append([forged.row()], clock=ben.clock.last)
        sync_once(ben)
        report = sync_once(ana)
        state = ana.state(handoff)
        assert state.status == "sent" and state.return_count == 0
        assert [(c.event_id, c.reason) for c in state.conflicts] == [
            (forged.id, "a return needs a reason of at least two words that the other person can act on")
        ]
        assert any(c.event == forged.id for c in report.conflicts)
    finally:
        ana.close()
        ben.close()


@pytest.mark.parametrize("step", ["sent", "accepted"])
def test_a_member_waiving_past_the_draft_is_told_it_is_a_leads_call_first(team: Team, step: str) -> None:
    """Told "accepted: only a draft or returned handoff can change", a member would wait for a return and still
    be refused; the role is the lasting reason. A lead is told the state."""
    from baton.core.errors import NotAllowed

    handoff = team.draft()
    team["lea"].waive(handoff, "code", "no code for pilots")
    team.fill(handoff)
    team["ana"].send(handoff)
    if step == "accepted":
        team["ben"].accept(handoff)
    for member in ("ana", "ben", "cal"):
        assert team[member].allowed(handoff)["waive"] == "only a lead can waive an item"
        with pytest.raises(NotAllowed, match=r"^only a lead can waive an item$"):
            team[member].waive(handoff, "summary", "not needed for pilots")
    with pytest.raises(NotAllowed, match=rf"{step}: only a draft or returned handoff can change$"):
        team["lea"].waive(handoff, "summary", "not needed for pilots")
