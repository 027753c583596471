"""Every event the wire check takes folds without a failure; what it refuses, it refuses with a reason."""

from __future__ import annotations

import json

from conftest import RELAY_TOML
from hypothesis import given, settings
from hypothesis import strategies as st

from baton.core.event_check import SHAPES, at_problem, payload_problem
from baton.core.events import KINDS
from baton.core.projection import fold
from baton.core.rounds import send_rounds
from baton.core.template_schema import validate

RELAY = validate(__import__("tomllib").loads(RELAY_TOML), "relay")

values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)
plausible = st.sampled_from(["seats", "plan", "ben", "ana", "a" * 32, True, 5, 2.5, "growth", "two words", ""]) | values
payloads = st.sampled_from(sorted(SHAPES)).flatmap(
    lambda kind: st.tuples(
        st.just(kind),
        st.fixed_dictionaries(
            {name: plausible for name in SHAPES[kind][0] if name != "template"}
            | ({"template": st.just(RELAY) | values} if kind == "created" else {}),
            optional={name: plausible for name in SHAPES[kind][1]},
        ),
    )
)


def test_every_kind_has_a_shape():
    from baton.core.events import ROSTER_KINDS

    assert set(SHAPES) | ROSTER_KINDS == KINDS


@given(st.lists(payloads, min_size=1, max_size=12), st.integers(0, 2**40))
@settings(max_examples=300, deadline=None)
def test_whatever_the_check_takes_folds_without_failing(kinds_payloads, start):
    created = {"template": RELAY, "title": "Acme", "to": "ben", "due": None}
    events = [dict(id="0" * 32, kind="created", payload=created, author="ana", hlc="0", at=start)]
    for number, (kind, payload) in enumerate(kinds_payloads, 1):
        if payload_problem(kind, payload) is not None:
            continue
        author = ["ana", "ben", "lea"][number % 3]
        events.append(
            dict(id=f"{number:032x}", kind=kind, payload=payload, author=author, hlc=f"{number:04d}", at=start + number)
        )
    for event in events:
        event["handoff"] = "h" * 32
        event["replica"] = "r" * 16
    state = fold("h" * 32, events)
    assert not [c for c in state.conflicts if "not a usable event" in c.reason], state.conflicts
    send_rounds(state)
    for line in state.history:
        assert isinstance(line.summary, str)
    json.dumps(state.values)


@given(st.sampled_from(sorted(SHAPES)), st.dictionaries(st.text(max_size=8), values, max_size=4))
@settings(max_examples=100, deadline=None)  # random keys meet few branches: a missing field, or an unknown one
def test_a_refusal_is_one_line_naming_the_field(kind, payload):
    problem = payload_problem(kind, payload)
    if problem is not None:
        reason, _ = problem
        assert reason.startswith("payload.") and "\n" not in reason


def test_at_bounds():
    assert at_problem(0) is None and at_problem(253_402_300_799_999) is None
    assert "out of range" in (at_problem(253_402_300_800_000) or "")
    assert "out of range" in (at_problem(-1) or "")
    assert at_problem(True) is not None and at_problem(1.0) is not None


def test_the_shapes_are_the_typed_payloads_of_core_payloads():
    """One description of each payload: the checks cover exactly the fields core/payloads.py types.

    `due` may be absent on the wire (a created event written before it existed reads as no due date).
    """
    import typing

    from baton.core.payloads import PAYLOAD_TYPES

    assert set(PAYLOAD_TYPES) == set(SHAPES)  # roster kinds are typed and checked by core/team
    for kind, typed in PAYLOAD_TYPES.items():
        hints = typing.get_type_hints(typed, include_extras=True)
        optional = {name for name, hint in hints.items() if typing.get_origin(hint) is typing.NotRequired}
        required, may = SHAPES[kind]
        assert set(required) | set(may) == set(hints), kind
        assert set(may) - {"due"} == optional, kind
