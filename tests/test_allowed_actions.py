"""What a viewer may do now (rules.allowed_actions) is exactly what the commands accept.

Random handoffs are walked through random commands by random people (refusals
change nothing); then, for a random viewer, every action is both asked about and
tried, with good input, inside a transaction that is rolled back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from conftest import GOOD_VALUES, PEOPLE, Wall, replica_for, write_relay
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from baton.core.allowed import ACTIONS, Viewer, allowed_actions
from baton.core.errors import BatonError, NotAllowed
from baton.core.home import Home
from baton.core.projection import HandoffState
from baton.core.receiver_change import change_receiver
from baton.core.replica import Replica
from baton.core.store import Store

OUTSIDER = "zed"
ROLES = {**PEOPLE, OUTSIDER: "member"}


class Rollback(Exception):
    """Raised to leave a tried command's transaction without keeping what it wrote."""


def step(replica: Replica, handoff: str, action: str, pick: int) -> None:
    """One random step of a handoff's life (refusals are part of life)."""
    people = sorted(ROLES)
    if action == "fill":
        for item_id, raw in GOOD_VALUES.items():
            replica.set_item(handoff, item_id, raw)
    elif action == "clear":
        replica.clear_item(handoff, sorted(GOOD_VALUES)[pick % len(GOOD_VALUES)])
    elif action == "waive":
        replica.waive(handoff, sorted(GOOD_VALUES)[pick % len(GOOD_VALUES)], "not needed for this client")
    elif action == "send":
        replica.send(handoff)
    elif action == "accept":
        replica.accept(handoff)
    elif action == "return":
        replica.return_(handoff, "the summary is vague")
    elif action == "reassign":
        replica.reassign(handoff, people[pick % len(people)])
    elif action == "receiver":
        change_receiver(replica, handoff, people[pick % len(people)])
    elif action == "cancel":
        replica.cancel(handoff, "the client withdrew")
    elif action == "undo":
        replica.undo(handoff)


def attempt(replica: Replica, state: HandoffState) -> dict[str, Callable[[], Any]]:
    """Each action as its command with good input."""
    handoff = state.id
    assert state.template is not None
    open_items = [b.item_id for b in state.blockers()]
    third = next(u for u in ("yan", OUTSIDER, "xia") if u not in (state.sender, state.receiver))

    def waive() -> Any:
        if not open_items:
            raise BatonError("nothing to waive")
        return replica.waive(handoff, open_items[0], "not needed for this client")

    return {
        "edit": lambda: replica.set_item(handoff, "notes", "a note for the receiver"),
        "waive": waive,
        "comment": lambda: replica.comment(handoff, "looks good to me"),
        "send": lambda: replica.send(handoff),
        "accept": lambda: replica.accept(handoff),
        "return": lambda: replica.return_(handoff, "the summary is vague"),
        "reassign": lambda: replica.reassign(handoff, third),
        "change_receiver": lambda: change_receiver(replica, handoff, third),
        "cancel": lambda: replica.cancel(handoff, "the client withdrew"),
    }


def attempted(replica: Replica, command: Callable[[], Any]) -> BatonError | None:
    """None when the command accepts; else its refusal. Either way nothing is kept."""
    refusal: BatonError | None = None
    try:
        with replica.transaction():
            try:
                command()
            except BatonError as exc:
                refusal = exc
            raise Rollback
    except Rollback:
        pass
    return refusal


life = st.lists(
    st.tuples(
        st.sampled_from(sorted(ROLES)),
        st.sampled_from(
            ["fill", "fill", "clear", "waive", "send", "send", "accept", "return", "reassign", "receiver", "cancel"]
            + ["undo"]
        ),
        st.integers(0, 20),
    ),
    max_size=12,
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(start=st.sampled_from(["draft", "ready", "sent"]), life=life, viewer=st.sampled_from(sorted(ROLES)))
def test_an_action_is_offered_exactly_when_the_command_accepts_it(tmp_path, start: str, life, viewer: str) -> None:
    home = Home(tmp_path / "team")
    if not home.templates.exists():
        write_relay(home.templates)
    store = Store(":memory:")
    try:
        wall = Wall()
        people = {user: replica_for(home, store, user, role, wall) for user, role in ROLES.items()}
        handoff = people["ana"].create("relay", "Acme — 40 seats", "ben")
        opening = {"draft": [], "ready": [("ana", "fill", 0)], "sent": [("ana", "fill", 0), ("ana", "send", 0)]}
        for user, action, pick in opening[start] + life:
            try:
                step(people[user], handoff, action, pick)
            except BatonError:
                pass
        me = people[viewer]
        state = me.state(handoff)
        event(f"{state.status}, viewer {'is' if viewer in (state.sender, state.receiver) else 'is not'} a party")
        offered = allowed_actions(state, Viewer(viewer, ROLES[viewer] == "lead"))
        assert offered == me.allowed(handoff)
        assert list(offered) == list(ACTIONS)
        for action, command in attempt(me, state).items():
            refusal = attempted(me, command)
            assert (offered[action] is None) == (refusal is None), (action, offered[action], state.status)
            if isinstance(refusal, NotAllowed):  # the command line says no in the same words
                assert str(refusal) == offered[action]
        assert me.state(handoff).applied == state.applied  # every try was rolled back
    finally:
        store.close()


def test_a_member_whose_turn_it_is_may_reassign(team) -> None:
    """The drift this replaces: the app let only leads reassign, the command line let whoever holds the step."""
    handoff = team.draft()
    assert team["ana"].allowed(handoff)["reassign"] is None
    assert team["ben"].allowed(handoff)["reassign"] == "only ana (whose turn it is) or a lead can reassign it"
    assert team["lea"].allowed(handoff)["reassign"] is None


def test_a_blocked_send_says_why(team) -> None:
    handoff = team.draft()
    reason = team["ana"].allowed(handoff)["send"]
    assert reason is not None and reason.startswith("the gate did not pass")
    team.fill(handoff)
    assert team["ana"].allowed(handoff)["send"] is None
    assert team["ben"].allowed(handoff)["send"] == "only ana (the sender) can send it"


def test_a_reason_says_what_kind_of_no_it_is(team) -> None:
    from baton.core.permissions import BLOCKED, NOT_ALLOWED

    handoff = team.draft()
    assert team["ana"].allowed(handoff)["send"].category == BLOCKED  # hers, held by the gate: shown, disabled
    assert team["ben"].allowed(handoff)["send"].category == NOT_ALLOWED  # not his: hidden
