"""A draft's receiver can be changed before it goes out: by its sender or a lead, as a signed event of its own.

Before, `reassign` on a draft moved the sender, so a draft whose receiver was removed from the
team (or was simply the wrong person) could not get another receiver; `send` only warned.
"""

from __future__ import annotations

import pytest
from conftest import GOOD_VALUES, Team
from sync_support import sync_once, teammate
from team_support import Clock, team, trade

from baton.core.errors import InvalidValue, NotAllowed
from baton.core.event_check import payload_problem
from baton.core.receiver_change import SAME_PERSON, change_receiver, receiver_targets
from baton.core.receiver_rules import removed_words
from baton.core.team import membership
from baton.core.undo import undo_offered


def test_the_sender_gives_a_draft_another_receiver_and_keeps_the_next_step(team: Team) -> None:
    handoff = team.draft(to="ben")
    change_receiver(team["ana"], handoff, "cal")
    state = team["ana"].state(handoff)
    assert (state.sender, state.receiver, state.next_actor, state.status) == ("ana", "cal", "ana", "draft")
    assert state.history[-1].summary == "changed the receiver from ben to cal"
    assert state.history[-1].kind == "receiver_changed"
    row = team.store.handoff_row(handoff)
    assert (row["receiver"], row["sender"]) == ("cal", "ana")


def test_the_send_after_it_goes_to_the_new_receiver_and_counts_for_them(team: Team) -> None:
    handoff = team.ready(to="ben")
    change_receiver(team["ana"], handoff, "cal")
    team["ana"].send(handoff)
    assert team["ana"].state(handoff).history[-1].summary == "sent to cal"
    [(receiver,)] = [tuple(r) for r in team.store.query("SELECT receiver FROM sends WHERE handoff_id = ?", [handoff])]
    assert receiver == "cal"
    team["cal"].accept(handoff)
    assert team["ana"].state(handoff).owner == "cal"


def test_a_returned_handoff_can_get_another_receiver(team: Team) -> None:
    handoff = team.ready(to="ben")
    team["ana"].send(handoff)
    team["ben"].return_(handoff, "the summary is vague, say which books")
    change_receiver(team["ana"], handoff, "cal")
    assert team["ana"].state(handoff).receiver == "cal"


def test_a_lead_may_change_it_for_the_sender_but_no_one_else(team: Team) -> None:
    handoff = team.draft(to="ben")
    with pytest.raises(NotAllowed, match=r"^only ana \(the sender\) or a lead can change its receiver$"):
        change_receiver(team["ben"], handoff, "cal")
    change_receiver(team["lea"], handoff, "cal")
    assert team["ana"].state(handoff).receiver == "cal"


def test_a_sent_handoff_keeps_its_receiver_reassign_moves_it(team: Team) -> None:
    handoff = team.ready(to="ben")
    team["ana"].send(handoff)
    before = team.store.event_rows()
    with pytest.raises(NotAllowed, match="the handoff was sent: only a draft or returned handoff can get another"):
        change_receiver(team["ana"], handoff, "cal")
    assert team.store.event_rows() == before


@pytest.mark.parametrize(
    ("to", "error", "words"),
    [
        ("ana", InvalidValue, SAME_PERSON),
        ("ben", InvalidValue, "ben is already the receiver"),
        ("Ben Smith", InvalidValue, "invalid user name"),
    ],
)
def test_a_receiver_that_cannot_be_is_refused_in_one_line(team: Team, to, error, words) -> None:
    handoff = team.draft(to="ben")
    before = team.store.event_rows()
    with pytest.raises(error, match=words):
        change_receiver(team["ana"], handoff, to)
    assert team.store.event_rows() == before


def test_undo_gives_the_old_receiver_back(team: Team) -> None:
    handoff = team.draft(to="ben")
    change_receiver(team["ana"], handoff, "cal")
    assert undo_offered(team["ana"].state(handoff), "ana", team.store.rules)
    assert team["ana"].undo(handoff).summary == "made ben the receiver again"
    state = team["ana"].state(handoff)
    assert state.receiver == "ben" and state.conflicts == []


def test_undo_of_a_change_someone_changed_again_is_refused(team: Team) -> None:
    handoff = team.draft(to="ben")
    change_receiver(team["ana"], handoff, "cal")
    change_receiver(team["lea"], handoff, "lea")
    assert not undo_offered(team["ana"].state(handoff), "ana", team.store.rules)
    with pytest.raises(NotAllowed, match="goes to lea now: the change of receiver can no longer be undone"):
        team["ana"].undo(handoff)
    assert team["ana"].state(handoff).receiver == "lea"


def test_the_payload_needs_who_it_goes_to_and_whom_it_came_from() -> None:
    assert payload_problem("receiver_changed", {"to": "cal", "from": "ben"}) is None
    assert payload_problem("receiver_changed", {"to": "cal"}) == (
        "payload.from: missing (receiver_changed events need it)",
        False,
    )
    assert payload_problem("receiver_changed", {"to": "Cal!", "from": "ben"})[0].startswith("payload.to")


def test_the_app_offers_only_who_could_receive_it(team: Team) -> None:
    state = team["ana"].state(team.draft(to="ben"))
    assert receiver_targets(state, ["ana", "ben", "cal", "lea"]) == ["cal", "lea"]


def test_two_copies_changing_it_apart_keep_the_first_and_show_the_second_as_a_conflict(tmp_path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    ana = teammate(tmp_path, "ana", shared, role="lead")
    ben = teammate(tmp_path, "ben", shared)
    handoff = ben.create("relay", "Acme rollout", "cal")
    sync_once(ben), sync_once(ana)
    change_receiver(ben, handoff, "dora")
    change_receiver(ana, handoff, "eve")  # ana has not seen ben's change: she changes it from cal too
    for person in (ben, ana, ben):
        sync_once(person)
    for person in (ana, ben):
        state = person.state(handoff)
        assert state.receiver == "dora", person.user
        [conflict] = state.conflicts
        assert (conflict.kind, conflict.author) == ("receiver_changed", "ana")
        assert conflict.reason == "the receiver changed from cal to dora meanwhile"


def test_a_change_that_meets_a_send_it_had_not_seen_is_a_conflict(tmp_path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    ana = teammate(tmp_path, "ana", shared, role="lead")
    ben = teammate(tmp_path, "ben", shared)
    handoff = ben.create("relay", "Acme rollout", "cal")
    for item_id, raw in GOOD_VALUES.items():
        ben.set_item(handoff, item_id, raw)
    sync_once(ben), sync_once(ana)
    ben.send(handoff)
    change_receiver(ana, handoff, "dora")  # the lead has not seen the send
    for person in (ben, ana, ben):
        sync_once(person)
    for person in (ana, ben):
        state = person.state(handoff)
        assert (state.status, state.receiver) == ("sent", "cal"), person.user
        [conflict] = state.conflicts
        assert conflict.reason == "the handoff was sent: only a draft or returned handoff can get another receiver"


def test_a_draft_whose_receiver_was_removed_gets_a_new_one(tmp_path) -> None:
    """The case that started it: cal was named, then removed; the sender can now name someone on the team."""
    people = team(tmp_path, Clock(), members=("ben", "cal", "dora"))
    ana, ben = people["ana"], people["ben"]
    handoff = ben.create("sales-to-onboarding", "Acme rollout", "cal")
    trade(*people.values())
    membership.remove(ana, "cal", reason="left the company")
    trade(*people.values())
    change_receiver(ben, handoff, "dora")
    assert ben.state(handoff).receiver == "dora"
    with pytest.raises(NotAllowed, match=f"^{removed_words('cal', 'ana')}$"):
        change_receiver(ben, handoff, "cal")


def test_undo_is_not_offered_when_the_old_receiver_was_removed_since(tmp_path) -> None:
    """Undo would name cal again, whom a lead removed after the change: the rules refuse it, so it is not offered."""
    people = team(tmp_path, Clock(), members=("ben", "cal", "dora"))
    ana, ben = people["ana"], people["ben"]
    handoff = ben.create("sales-to-onboarding", "Acme rollout", "cal")
    change_receiver(ben, handoff, "dora")
    assert undo_offered(ben.state(handoff), "ben", ben.store.rules)
    trade(*people.values())
    membership.remove(ana, "cal", reason="left the company")
    trade(*people.values())
    assert not undo_offered(ben.state(handoff), "ben", ben.store.rules)
    before = ben.store.event_rows()
    with pytest.raises(NotAllowed, match=f"^{removed_words('cal', 'ana')}$"):
        ben.undo(handoff)
    assert ben.store.event_rows() == before
    assert ben.state(handoff).receiver == "dora"


def test_undo_of_a_reassignment_is_not_offered_when_it_would_give_the_step_to_someone_removed(tmp_path) -> None:
    people = team(tmp_path, Clock(), members=("ben", "cal", "dora"))
    ana, ben = people["ana"], people["ben"]
    handoff = ben.create("sales-to-onboarding", "Acme rollout", "cal")
    trade(*people.values())
    ana.reassign(handoff, "dora")
    assert undo_offered(ana.state(handoff), "ana", ana.store.rules)
    membership.remove(ana, "ben", reason="left the company")
    assert not undo_offered(ana.state(handoff), "ana", ana.store.rules)
    with pytest.raises(NotAllowed, match=f"^{removed_words('ben', 'ana')}$"):
        ana.undo(handoff)
    assert ana.state(handoff).next_actor == "dora"
