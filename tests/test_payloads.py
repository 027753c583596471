"""Each event kind's payload type (core/payloads.py) says what the commands really write."""

from __future__ import annotations

import pytest
from conftest import RELAY_TOML, Team, write_relay

from baton.core.errors import Blocked
from baton.core.events import KINDS, ROSTER_KINDS
from baton.core.payloads import PAYLOAD_TYPES
from baton.core.receiver_change import change_receiver
from baton.core.upgrade import upgrade


def test_every_kind_has_a_payload_type() -> None:
    assert set(PAYLOAD_TYPES) == KINDS - ROSTER_KINDS  # roster kinds follow the roster's rules (team/changes.py)


def test_what_the_commands_write_fits_the_types(team: Team) -> None:
    handoff = team.draft()
    with pytest.raises(Blocked):
        team["ana"].send(handoff)  # writes send_blocked
    team.fill(handoff)
    team["ana"].clear_item(handoff, "code")  # a filled item is not waived (waivable.py)
    team["lea"].waive(handoff, "code", "no code for pilots")
    team["ana"].undo(handoff)  # the value cleared, back
    team["lea"].undo(handoff)  # the waiver, withdrawn
    team["ana"].set_item(handoff, "notes", "a note for the receiver")
    team["ben"].comment(handoff, "looks good so far")
    team["ben"].undo(handoff)
    team["ana"].reassign(handoff, "cal")
    team["ana"].undo(handoff)  # gives it back
    change_receiver(team["lea"], handoff, "cal")  # as a lead: `as_lead`
    team["lea"].undo(handoff)  # the receiver back
    team.fill(handoff)
    team["ana"].send(handoff)
    team["ana"].undo(handoff)  # recalled
    team["ana"].send(handoff)
    team["ben"].return_(handoff, "the summary is vague")
    team["ana"].send(handoff)
    team["ben"].accept(handoff)
    other = team.draft()
    team["ana"].cancel(other, "the client walked away")
    team["ana"].undo(other)  # reopened
    write_relay(team.home.templates, RELAY_TOML.replace("version = 1", "version = 2", 1), name="relay-v2.toml")
    upgrade(team["ana"], other)
    seen = set()
    for row in team.store.event_rows():
        kind = row["kind"]
        payload = team.store.events_of([row["handoff_id"]])[row["handoff_id"]]
        event = next(e for e in payload if e["id"] == row["id"])
        typed = PAYLOAD_TYPES[kind]
        keys = set(event["payload"])
        assert typed.__required_keys__ <= keys, (kind, keys)
        assert keys <= typed.__required_keys__ | typed.__optional_keys__, (kind, keys)
        seen.add(kind)
    assert seen == KINDS - ROSTER_KINDS
