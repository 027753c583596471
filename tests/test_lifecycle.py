"""The lifecycle through Replica commands: legal paths, every illegal move with its
error class, one owner at every moment, and undo.
"""

from __future__ import annotations

import pytest
from conftest import Team

from baton.core.errors import BatonError, Blocked, InvalidValue, NotAllowed, NotFound


def events(team: Team) -> list[tuple]:
    return sorted(tuple(r.values()) for r in team.store.event_rows())


def refused(team: Team, error: type[BatonError], action, *args, match: str = ""):
    """Assert `action` raises exactly `error` (message containing `match`) and writes nothing."""
    before = events(team)
    with pytest.raises(BatonError) as info:
        action(*args)
    assert type(info.value) is error, f"{type(info.value).__name__}: {info.value}"
    assert match in str(info.value)
    assert events(team) == before
    return info.value


def status(team: Team, handoff: str) -> tuple[str, str, str]:
    state = team["ana"].state(handoff)
    return state.status, state.owner, state.next_actor


# ---- the happy paths ------------------------------------------------------------


def test_draft_sent_accepted(team: Team):
    handoff = team.draft()
    assert status(team, handoff) == ("draft", "ana", "ana")
    team.fill(handoff)
    team["ana"].send(handoff)
    assert status(team, handoff) == ("sent", "ana", "ben")
    team["ben"].accept(handoff)
    assert status(team, handoff) == ("accepted", "ben", "ben")
    row = team.store.handoff_row(handoff)
    assert (row["status"], row["owner"], row["next_actor"]) == ("accepted", "ben", "ben")
    assert row["sent_at"] is not None and row["answered_at"] is not None


def test_return_keeps_values_and_reason_and_goes_back_to_the_sender(team: Team):
    handoff = team.ready()
    team["ana"].send(handoff)
    team["ben"].return_(handoff, "  The summary   is vague. ")
    state = team["ana"].state(handoff)
    assert (state.status, state.owner, state.next_actor) == ("returned", "ana", "ana")
    assert state.return_reason == "The summary is vague."
    assert state.return_count == 1
    assert state.values["seats"] == 40 and state.values["plan"] == "growth"
    assert team.store.handoff_row(handoff)["return_count"] == 1

    team["ana"].set_item(handoff, "summary", "Close the books in three days, by March.")
    team["ana"].send(handoff)
    assert status(team, handoff) == ("sent", "ana", "ben")
    team["ben"].accept(handoff)
    state = team["ana"].state(handoff)
    assert state.status == "accepted" and state.return_count == 1


@pytest.mark.parametrize("where", ["draft", "sent", "returned"])
def test_cancel_from_each_open_state(team: Team, where: str):
    handoff = team.ready()
    if where in ("sent", "returned"):
        team["ana"].send(handoff)
    if where == "returned":
        team["ben"].return_(handoff, "Wrong client entirely.")
    team["ana"].cancel(handoff, "Client walked away.")
    state = team["ana"].state(handoff)
    assert state.status == "cancelled" and state.cancel_reason == "Client walked away."
    assert state.cancelled_by == "ana" and state.next_actor == ""
    assert state.owner == "ana"
    refused(team, NotAllowed, team["ana"].cancel, handoff, "Again, really.", match="only an open handoff")


def test_lead_may_cancel_someone_elses_handoff(team: Team):
    handoff = team.draft()
    team["lea"].cancel(handoff, "Duplicate of another handoff.")
    assert team["ana"].state(handoff).status == "cancelled"


def test_owner_is_always_one_person(team: Team):
    handoff = team.ready()
    steps = [
        lambda: None,
        lambda: team["ana"].send(handoff),
        lambda: team["ben"].return_(handoff, "Missing the code."),
        lambda: team["ana"].reassign(handoff, "cal"),
        lambda: team["cal"].send(handoff),
        lambda: team["lea"].reassign(handoff, "ana"),
        lambda: team["ana"].accept(handoff),
        lambda: team["ana"].reassign(handoff, "ben"),
    ]
    owners = []
    for step in steps:
        step()
        state = team["ana"].state(handoff)
        assert state.owner in (state.sender, state.receiver) and state.owner
        assert state.sender != state.receiver
        assert state.owner == (state.receiver if state.status == "accepted" else state.sender)
        assert team.store.handoff_row(handoff)["owner"] == state.owner
        owners.append(state.owner)
    assert owners == ["ana", "ana", "ana", "cal", "cal", "cal", "ana", "ben"]


# ---- refusals ------------------------------------------------------------------


def test_accept_or_return_a_draft(team: Team):
    handoff = team.ready()
    refused(team, NotAllowed, team["ben"].accept, handoff, match="only a sent handoff")
    refused(team, NotAllowed, team["ben"].return_, handoff, "Not ready at all.", match="only a sent handoff")


def test_send_twice(team: Team):
    handoff = team.ready()
    team["ana"].send(handoff)
    refused(team, NotAllowed, team["ana"].send, handoff, match="the handoff was sent")


def test_send_blocked_lists_every_blocker_and_records_only_the_attempt(team: Team):
    handoff = team.draft()
    team["ana"].set_item(handoff, "seats", "0")
    before = len(events(team))
    with pytest.raises(Blocked) as info:
        team["ana"].send(handoff)
    assert [b.item_id for b in info.value.blockers] == [
        "signed",
        "summary",
        "code",
        "kickoff",
        "folder",
        "seats",
        "plan",
    ]
    assert "7 items still block it" in str(info.value)
    kinds = [r["kind"] for r in team.store.query("SELECT kind FROM events ORDER BY hlc")]
    assert len(kinds) == before + 1 and kinds[-1] == "send_blocked"
    assert team["ana"].state(handoff).status == "draft"
    blocks = {r["item_id"] for r in team.store.query("SELECT item_id FROM send_blocks")}
    assert "seats" in blocks and len(blocks) == 7


def test_one_blocker_is_said_in_the_singular(team: Team):
    handoff = team.ready()
    team["ana"].set_item(handoff, "seats", "0")
    with pytest.raises(Blocked) as info:
        team["ana"].send(handoff)
    assert str(info.value) == "cannot send: 1 item still blocks it"


@pytest.mark.parametrize("reason", ["", "   ", "no", "bad!!"])
def test_return_without_a_real_reason(team: Team, reason: str):
    handoff = team.ready()
    team["ana"].send(handoff)
    refused(team, InvalidValue, team["ben"].return_, handoff, reason, match="reason")


def test_only_the_receiver_answers(team: Team):
    handoff = team.ready()
    team["ana"].send(handoff)
    refused(team, NotAllowed, team["cal"].accept, handoff, match="only ben (the receiver)")
    refused(team, NotAllowed, team["ana"].accept, handoff, match="only ben (the receiver)")
    refused(team, NotAllowed, team["lea"].accept, handoff, match="only ben (the receiver)")
    refused(team, NotAllowed, team["cal"].return_, handoff, "Who sent this?", match="only ben")


def test_only_the_sender_sends(team: Team):
    handoff = team.ready()
    refused(team, NotAllowed, team["ben"].send, handoff, match="only ana (the sender)")
    refused(team, NotAllowed, team["lea"].send, handoff, match="only ana (the sender)")


def test_only_the_sender_or_a_lead_fills_the_checklist(team: Team):
    handoff = team.draft()
    refused(team, NotAllowed, team["ben"].set_item, handoff, "code", "ACM-1", match="only ana (the sender) or a lead")
    team["lea"].set_item(handoff, "code", "ACM-1")
    assert team["ana"].state(handoff).value_meta["code"][0] == "lea"
    refused(team, NotAllowed, team["cal"].clear_item, handoff, "code")
    refused(team, NotAllowed, team["ben"].cancel, handoff, "Not mine to do.", match="only ana")


def test_waive_by_a_member(team: Team):
    handoff = team.draft()
    refused(team, NotAllowed, team["ana"].waive, handoff, "code", "Client has no code yet.", match="only a lead")


def test_waive_rules(team: Team):
    handoff = team.draft()
    refused(team, InvalidValue, team["lea"].waive, handoff, "notes", "Nothing unusual here.", match="optional")
    refused(team, InvalidValue, team["lea"].waive, handoff, "code", "ok", match="reason")
    refused(team, NotFound, team["lea"].waive, handoff, "nope", "Not an item here.")
    team["lea"].waive(handoff, "code", "Client has no code yet.")
    refused(team, InvalidValue, team["lea"].waive, handoff, "code", "Waive it once more.", match="already waived")
    team.fill(handoff, code="nonsense")
    team["ana"].send(handoff)
    state = team["ana"].state(handoff)
    assert state.status == "sent" and state.waivers["code"][:2] == ("Client has no code yet.", "lea")


def test_no_edits_after_send(team: Team):
    handoff = team.ready()
    team["ana"].send(handoff)
    refused(team, NotAllowed, team["ana"].set_item, handoff, "seats", "41", match="the handoff was sent")
    refused(team, NotAllowed, team["ana"].clear_item, handoff, "seats")
    refused(team, NotAllowed, team["lea"].waive, handoff, "code", "Too late for this.")
    team["ben"].accept(handoff)
    refused(team, NotAllowed, team["lea"].set_item, handoff, "seats", "41", match="the handoff was already accepted")


def test_bad_values_and_unknown_items(team: Team):
    handoff = team.draft()
    refused(
        team, InvalidValue, team["ana"].set_item, handoff, "kickoff", "next week", match="not in the form YYYY-MM-DD"
    )
    refused(team, InvalidValue, team["ana"].set_item, handoff, "seats", "forty", match="not a number")
    refused(team, InvalidValue, team["ana"].set_item, handoff, "plan", "gold", match="not one of")
    refused(team, InvalidValue, team["ana"].set_item, handoff, "signed", "maybe")
    refused(team, NotFound, team["ana"].set_item, handoff, "nope", "x", match="no item `nope`")
    refused(team, NotFound, team["ana"].clear_item, handoff, "nope")
    refused(team, InvalidValue, team["ana"].comment, handoff, "   ")
    refused(team, NotFound, team["ana"].set_item, "0" * 32, "code", "ACM-1")
    refused(team, NotFound, team["ana"].state, "xyz")


def test_create_refusals(team: Team):
    refused(team, NotFound, team["ana"].create, "nope", "A title", "ben")
    refused(team, InvalidValue, team["ana"].create, "relay", "ab", "ben", match="title")
    refused(team, InvalidValue, team["ana"].create, "relay", "A title", "ana", match="someone else")
    refused(team, InvalidValue, team["ana"].create, "relay", "A title", "Ben Carter", match="invalid user name")
    refused(team, InvalidValue, team["ana"].create, "relay", "A title", "ben", "2026-02-30", match="has no day 30")


# ---- reassign -------------------------------------------------------------------


def test_reassign_a_draft_moves_the_sender(team: Team):
    handoff = team.ready()
    team["ana"].reassign(handoff, "cal")
    state = team["ana"].state(handoff)
    assert (state.sender, state.receiver, state.owner) == ("cal", "ben", "cal")
    refused(team, NotAllowed, team["ana"].send, handoff, match="only cal")
    team["cal"].send(handoff)
    assert team["ana"].state(handoff).status == "sent"


def test_reassign_a_sent_handoff_moves_the_receiver(team: Team):
    handoff = team.ready()
    team["ana"].send(handoff)
    refused(team, NotAllowed, team["ana"].reassign, handoff, "cal", match="only ben (whose turn it is) or a lead")
    team["ben"].reassign(handoff, "cal")
    refused(team, NotAllowed, team["ben"].accept, handoff, match="only cal")
    team["cal"].accept(handoff)
    assert status(team, handoff) == ("accepted", "cal", "cal")


def test_reassign_rules(team: Team):
    handoff = team.ready()
    refused(team, InvalidValue, team["ana"].reassign, handoff, "ana", match="already has it")
    refused(team, InvalidValue, team["ana"].reassign, handoff, "ben", match="is the receiver")
    refused(team, NotAllowed, team["cal"].reassign, handoff, "lea")
    refused(team, InvalidValue, team["ana"].reassign, handoff, "Not A Name", match="invalid user name")
    team["ana"].send(handoff)
    refused(team, InvalidValue, team["lea"].reassign, handoff, "ana", match="is the sender")
    team["ana"].cancel(handoff, "Deal fell through.")
    refused(team, NotAllowed, team["lea"].reassign, handoff, "cal", match="cancelled")


# ---- undo ------------------------------------------------------------------------


def test_undo_a_set_restores_the_previous_value(team: Team):
    handoff = team.draft()
    team["ana"].set_item(handoff, "seats", "40")
    team["ana"].set_item(handoff, "seats", "41")
    assert team["ana"].undo(handoff).summary == '"Seats sold" is back to 40'
    assert team["ana"].state(handoff).values["seats"] == 40
    assert team["ana"].undo(handoff).summary == '"Seats sold" is empty again'
    assert "seats" not in team["ana"].state(handoff).values
    refused(team, InvalidValue, team["ana"].undo, handoff, match="nothing of yours to undo")


def test_undo_a_clear(team: Team):
    handoff = team.draft()
    team["ana"].set_item(handoff, "code", "ACM-1")
    team["ana"].clear_item(handoff, "code")
    assert team["ana"].undo(handoff).summary == '"Project code" is back to ACM-1'
    assert team["ana"].state(handoff).values["code"] == "ACM-1"


def test_undo_a_waiver(team: Team):
    handoff = team.draft()
    team["lea"].waive(handoff, "code", "Client has no code yet.")
    team["lea"].undo(handoff)
    assert "code" not in team["ana"].state(handoff).waivers


def test_undo_a_comment(team: Team):
    handoff = team.draft()
    team["ben"].comment(handoff, "Please add the code.")
    team["ben"].undo(handoff)
    state = team["ana"].state(handoff)
    assert [c.retracted for c in state.comments] == [True]
    assert list(team.store.query("SELECT * FROM comments")) == []


def test_undo_a_send_recalls_it_while_unanswered(team: Team):
    handoff = team.ready()
    team["ana"].send(handoff)
    team["ana"].undo(handoff)
    assert status(team, handoff) == ("draft", "ana", "ana")


def test_undo_a_resend_goes_back_to_returned(team: Team):
    handoff = team.ready()
    team["ana"].send(handoff)
    team["ben"].return_(handoff, "Missing the code.")
    team["ana"].send(handoff)
    team["ana"].undo(handoff)
    assert team["ana"].state(handoff).status == "returned"


def test_undo_a_send_after_the_answer_is_refused(team: Team):
    handoff = team.ready()
    team["ana"].send(handoff)
    team["ben"].accept(handoff)
    refused(team, NotAllowed, team["ana"].undo, handoff)
    refused(team, NotAllowed, team["ben"].undo, handoff, match="you accepted it, and that cannot be undone")


def test_undo_a_cancel_reopens_in_the_state_before(team: Team):
    handoff = team.ready()
    team["ana"].send(handoff)
    team["ana"].cancel(handoff, "Client walked away.")
    team["ana"].undo(handoff)
    assert status(team, handoff) == ("sent", "ana", "ben")


def test_undo_a_reassign_by_a_lead(team: Team):
    handoff = team.ready()
    team["ana"].send(handoff)
    team["lea"].reassign(handoff, "cal")
    team["lea"].undo(handoff)
    state = team["ana"].state(handoff)
    assert state.receiver == "ben"


def test_undo_your_own_reassign(team: Team):
    handoff = team.ready()
    team["ana"].reassign(handoff, "cal")
    assert team["ana"].undo(handoff).summary == "gave it back to ana"
    assert team["ana"].state(handoff).sender == "ana"


def test_undo_a_reassign_after_the_work_moved_on_is_refused(team: Team):
    handoff = team.ready()
    team["ana"].reassign(handoff, "cal")
    team["cal"].send(handoff)
    refused(team, NotAllowed, team["ana"].undo, handoff, match="can no longer be undone")
    assert team["ana"].state(handoff).receiver == "ben"


def test_a_leads_undo_never_moves_the_other_role(team: Team):
    handoff = team.ready()
    team["lea"].reassign(handoff, "cal")
    team["cal"].send(handoff)
    refused(team, NotAllowed, team["lea"].undo, handoff, match="can no longer be undone")
    state = team["ana"].state(handoff)
    assert (state.sender, state.receiver) == ("cal", "ben")


def test_undo_touches_only_your_own_changes(team: Team):
    handoff = team.draft()
    team["ana"].set_item(handoff, "code", "ACM-1")
    team["lea"].set_item(handoff, "code", "ACM-2")
    refused(team, InvalidValue, team["ana"].undo, handoff, match='lea changed "Project code" after you')
    assert team["ana"].state(handoff).values["code"] == "ACM-2"


def test_undo_is_an_event(team: Team):
    handoff = team.draft()
    team["ana"].set_item(handoff, "code", "ACM-1")
    undone = team["ana"].undo(handoff)
    row = next(team.store.query("SELECT kind, payload FROM events WHERE id = ?", (undone.event_id,)))
    assert row["kind"] == "item_cleared" and '"undoes"' in row["payload"]
    assert team["ana"].state(handoff).history[-1].summary.endswith("(undo)")
