"""Roster events of any shape, signed or not, never break the fold: a bad one is refused with a reason."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from baton.core.events import ROSTER_KINDS
from baton.core.team.keys import DeviceKey
from baton.core.team.roster import TEAM_STREAM, fold_roster
from baton.core.team.signing import sign_event

KEY = DeviceKey.generate()
OTHER = DeviceKey.generate()

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**40), 2**40) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
fields = st.sampled_from(
    ["user", "role", "stages", "name", "tz", "hours", "holidays", "start", "end", "cancel", "invite", "enrol",
     "replica", "checklist", "legacy", "reason"]
)  # fmt: skip
payloads = st.dictionaries(fields, json_values | st.sampled_from(["ana", "ben", "lead", "2026-01-02"]), max_size=6)


@st.composite
def events(draw):
    found = []
    for n in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(sorted(ROSTER_KINDS) + ["waived"]))
        event = {
            "id": f"{n:032x}",
            "handoff": TEAM_STREAM,
            "kind": kind,
            "hlc": f"{1_763_740_000_000 + draw(st.integers(0, 50)):016d}-0000-{'a' * 16}",
            "at": 1_763_740_000_000,
            "author": draw(st.sampled_from(["ana", "ben"])),
            "replica": "a" * 16,
            "payload": draw(payloads),
        }
        signer = draw(st.sampled_from([KEY, OTHER, None]))
        found.append(sign_event(event, signer) if signer else event)
    return found


@settings(max_examples=200, deadline=None)
@given(events())
def test_any_roster_events_fold_without_raising(found):
    roster = fold_roster(found)
    assert len(roster.applied) + len(roster.refused) == len(found)
    assert all(r.reason for r in roster.refused)
    assert fold_roster(list(reversed(found))).version() == roster.version()
