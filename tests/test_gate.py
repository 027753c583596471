"""The gate: every item kind and rule, conditions, waivers, order and progress."""

from __future__ import annotations

import tomllib

import pytest
from conftest import GOOD_VALUES, RELAY_TOML
from hypothesis import given, settings
from hypothesis import strategies as st

from baton.core.errors import InvalidValue
from baton.core.gate import assess, condition_holds, gate, progress, visible_items
from baton.core.template import parse_template
from baton.core.values import parse, problem

RELAY = parse_template(tomllib.loads(RELAY_TOML), "relay.toml")
REQUIRED_ORDER = ["signed", "summary", "code", "kickoff", "folder", "seats", "plan"]


def good() -> dict:
    return {item_id: parse(RELAY.item(item_id), raw) for item_id, raw in GOOD_VALUES.items()}


def blocked(values: dict, waived=frozenset()) -> dict[str, str]:
    return {b.item_id: b.reason for b in gate(RELAY, values, frozenset(waived))}


def test_good_values_pass():
    assert gate(RELAY, good()) == []
    assert progress(RELAY, good()) == (7, 7)


def test_empty_handoff_lists_every_required_item_in_template_order():
    blockers = gate(RELAY, {})
    assert [b.item_id for b in blockers] == REQUIRED_ORDER
    assert blockers[0].reason == "not checked" and blockers[1].reason == "missing"
    assert blockers[0].why == "No work starts without it."
    assert str(blockers[1]).startswith("summary: missing — Summary")
    assert progress(RELAY, {}) == (0, 7)


def test_blockers_keep_template_order_whatever_the_values_order():
    values = good()
    values.pop("plan")
    values.pop("signed")
    values["seats"] = 0
    assert [b.item_id for b in gate(RELAY, dict(reversed(list(values.items()))))] == ["signed", "seats", "plan"]


# ---- each kind --------------------------------------------------------------


@pytest.mark.parametrize(
    "item_id, value, reason",
    [
        ("signed", False, "not checked"),
        ("signed", "yes", "not checked"),
        ("summary", "too short", "too short (9 of at least 10 characters)"),
        ("summary", 12, "not a text"),
        ("code", "acm-42", "does not match the expected form [A-Z]{3}-[0-9]+"),
        ("code", "ACM-42x", "does not match the expected form [A-Z]{3}-[0-9]+"),
        ("kickoff", "2026-02-30", "not a date (YYYY-MM-DD)"),
        ("kickoff", "03/12/2026", "not a date (YYYY-MM-DD)"),
        ("folder", "drive.example.com", "not a web address (it should start with https://)"),
        ("folder", "ftp://example.com/x", "not a web address (it should start with https://)"),
        (
            "folder",
            "https://",
            "not a web address: it names no site after https:// (like https://crm.example.com/deals/981)",
        ),
        ("seats", 0, "below the minimum of 1"),
        ("seats", 500.5, "above the maximum of 500"),
        ("seats", True, "not a number"),
        ("seats", "40", "not a number"),
        ("plan", "platinum", "not one of: starter, growth, enterprise"),
        ("plan", "Growth", "not one of: starter, growth, enterprise"),
    ],
)
def test_wrong_value_of_each_kind_blocks(item_id, value, reason):
    values = {**good(), item_id: value}
    assert blocked(values) == {item_id: reason}


@pytest.mark.parametrize(
    "item_id, value",
    [
        ("summary", "exactly 10"),
        ("code", "XYZ-1"),
        ("kickoff", "2028-02-29"),
        ("folder", "http://intranet.example/x"),
        ("seats", 1),
        ("seats", 500),
        ("seats", 12.5),
        ("plan", "enterprise"),
    ],
)
def test_edge_values_pass(item_id, value):
    values = {**good(), item_id: value}
    if value == "enterprise":
        values |= {"security": "Dana Ruiz", "review-date": "2026-12-10"}
    assert blocked(values) == {}


@pytest.mark.parametrize(
    "item_id, raw, stored",
    [
        ("signed", None, True),
        ("signed", "no", False),
        ("signed", "Yes", True),
        ("summary", "  padded text  ", "padded text"),
        ("kickoff", "2026-12-03", "2026-12-03"),
        ("seats", "1200", 1200),
        ("seats", "12.5", 12.5),
        ("seats", "7", 7),
        ("plan", "ENTERPRISE", "enterprise"),
    ],
)
def test_parse_stores_the_value_of_the_kind(item_id, raw, stored):
    value = parse(RELAY.item(item_id), raw)
    assert value == stored and type(value) is type(stored)


@pytest.mark.parametrize(
    "item_id, raw",
    [
        ("signed", "maybe"),
        ("summary", "   "),
        ("summary", None),
        ("kickoff", "tomorrow"),
        ("kickoff", "2026-13-01"),
        ("folder", "not a url"),
        ("seats", "forty"),
        ("seats", "nan"),
        ("seats", "inf"),
        ("plan", "gold"),
    ],
)
def test_parse_refuses_what_is_not_of_the_kind(item_id, raw):
    with pytest.raises(InvalidValue) as info:
        parse(RELAY.item(item_id), raw)
    assert f"`{item_id}`" in str(info.value)


# ---- conditions ---------------------------------------------------------------


def test_equals_condition_adds_a_required_item():
    values = {**good(), "plan": "enterprise"}
    assert blocked(values) == {"security": "missing"}
    assert progress(RELAY, values) == (7, 8)


def test_equals_is_case_insensitive_for_text():
    values = {**good(), "plan": "enterprise"}
    assert condition_holds(RELAY.item("security"), RELAY, values)
    assert not condition_holds(RELAY.item("security"), RELAY, {"plan": "growth"})


def test_chained_conditions():
    enterprise = {**good(), "plan": "enterprise"}
    assert "review-date" not in [i.id for i in visible_items(RELAY, enterprise)]
    with_reviewer = {**enterprise, "security": "Dana Ruiz"}
    assert blocked(with_reviewer) == {"review-date": "missing"}
    # The reviewer stays filled in, but the plan changed: the whole chain stops counting.
    downgraded = {**with_reviewer, "plan": "growth"}
    assert not condition_holds(RELAY.item("review-date"), RELAY, downgraded)
    assert blocked(downgraded) == {}
    assert progress(RELAY, downgraded) == (7, 7)


def test_hidden_item_with_a_wrong_value_does_not_block():
    values = {**good(), "security": "x", "review-date": "not a date"}
    assert blocked(values) == {}


def _template(when: str, kind: str = "check", extra: str = "") -> object:
    text = f"""
id = "t"
version = 1
title = "Test"
from_stage = "a"
to_stage = "b"
trigger = "Now then"
[[items]]
id = "first"
text = "First item"
why = "Because we must."
kind = "{kind}"
{extra}
[[items]]
id = "second"
text = "Second item"
why = "Because we must."
required = true
when = {when}
"""
    return parse_template(tomllib.loads(text), "t.toml")


def test_equals_a_boolean_on_a_check():
    template = _template('{ item = "first", equals = true }')
    assert [b.item_id for b in gate(template, {"first": True})] == ["second"]
    assert gate(template, {"first": False}) == []
    assert gate(template, {}) == []


def test_equals_a_number():
    template = _template('{ item = "first", equals = 3 }', kind="number")
    assert [b.item_id for b in gate(template, {"first": 3})] == ["second"]
    assert gate(template, {"first": 4}) == []


@pytest.mark.parametrize(
    "is_set, value, counts",
    [
        (True, "x", True),
        (True, None, False),
        (True, "", False),
        (False, None, True),
        (False, "x", False),
    ],
)
def test_is_set(is_set, value, counts):
    template = _template(f'{{ item = "first", is_set = {str(is_set).lower()} }}', kind="text")
    values = {} if value is None else {"first": value}
    assert condition_holds(template.item("second"), template, values) is counts
    assert bool(gate(template, values)) is counts


# ---- waivers and optional items ---------------------------------------------------


def test_waiver_passes_a_required_item_and_counts_as_done():
    values = good()
    values.pop("code")
    assert blocked(values) == {"code": "missing"}
    assert blocked(values, {"code"}) == {}
    assert progress(RELAY, values, frozenset({"code"})) == (7, 7)


def test_waiver_passes_a_wrong_value_too():
    assert blocked({**good(), "seats": 0}, {"seats"}) == {}


def test_optional_items_block_only_with_a_wrong_value():
    assert blocked({**good(), "notes": "Fine."}) == {}
    assert blocked({**good(), "notes": "Hm"}) == {"notes": "too short (2 of at least 5 characters)"}
    assert blocked({**good(), "reviewed": False}) == {}
    assert blocked({**good(), "reviewed": True}) == {}
    assert progress(RELAY, {**good(), "notes": "Hm"}) == (7, 7)


def test_progress_counts_only_valid_required_items():
    values = {"signed": True, "summary": "short", "seats": 40}
    assert progress(RELAY, values) == (2, 7)


# ---- the property ------------------------------------------------------------------

VALUE_CHOICES = {
    "check": [True, False, "yes"],
    "text": ["", "Hm", "Dana Ruiz the reviewer", "ACM-42", "acm-1", 5],
    "date": ["2026-12-03", "2026-02-30", "soon"],
    "url": ["https://example.com/x", "example.com"],
    "number": [0, 1, 40, 500, 501, 12.5, -3, True],
    "choice": ["starter", "growth", "enterprise", "gold"],
}


@st.composite
def handoff_values(draw):
    values = {}
    for item in RELAY.items:
        if draw(st.booleans()):
            values[item.id] = draw(st.sampled_from(VALUE_CHOICES[item.kind]))
    waived = draw(st.sets(st.sampled_from([i.id for i in RELAY.items])))
    return values, frozenset(waived)


@settings(max_examples=100, deadline=None)
@given(handoff_values())
def test_gate_is_empty_iff_every_counting_item_is_satisfied(case):
    values, waived = case
    counted = [i for i in RELAY.items if condition_holds(i, RELAY, values)]
    required_ok = all(i.id in waived or problem(i, values.get(i.id)) is None for i in counted if i.required)
    optional_ok = all(
        i.id in waived or values.get(i.id) in (None, False) or problem(i, values[i.id]) is None
        for i in counted
        if not i.required
    )
    blockers = gate(RELAY, values, waived)
    assert (blockers == []) == (required_ok and optional_ok)
    # Every blocker is a counting, unwaived item, listed in template order, once.
    order = [i.id for i in RELAY.items]
    ids = [b.item_id for b in blockers]
    assert ids == sorted(ids, key=order.index) and len(set(ids)) == len(ids)
    assert not set(ids) & waived
    done, total = progress(RELAY, values, waived)
    assert total == sum(1 for i in counted if i.required)
    assert (done == total) == required_ok


# ---- assess: everything above in one walk -------------------------------------------

KINDS = ["check", "text", "number", "choice"]
EXTRA = {"text": {"min_length": 3}, "number": {"min": 1, "max": 500}, "choice": {"choices": ["starter", "growth"]}}
TESTS = [
    {"equals": True},
    {"equals": 1},
    {"equals": 1.0},
    {"equals": "Growth"},
    {"equals": "abc"},
    {"is_set": True},
    {"is_set": False},
]


def _checklist_of(items: list[dict]) -> object:
    """A one-transition checklist `t` (a -> b) with these items."""
    header = {"id": "t", "version": 1, "title": "T t", "from_stage": "a", "to_stage": "b", "trigger": "Now then"}
    return parse_template({**header, "items": items}, "t.toml")


@st.composite
def checklists(draw):
    """A small template whose conditions may chain and even loop, with values and waivers."""
    count = draw(st.integers(1, 5))
    ids = [f"i{n}" for n in range(count)]
    items = []
    for n, item_id in enumerate(ids):
        kind = draw(st.sampled_from(KINDS))
        item = {
            "id": item_id,
            "text": f"Item {n}",
            "why": "Because.",
            "kind": kind,
            "required": draw(st.booleans()),
            **EXTRA.get(kind, {}),
        }
        others = [i for i in ids if i != item_id]
        if others and draw(st.booleans()):
            item["when"] = {"item": draw(st.sampled_from(others)), **draw(st.sampled_from(TESTS))}
        items.append(item)
    template = _checklist_of(items)
    pool = [True, False, 1, 1.0, 0, 40, 501, "", "ab", "abc", "Growth", "growth", "starter", None]
    values = {i: draw(st.sampled_from(pool)) for i in ids if draw(st.booleans())}
    values = {k: v for k, v in values.items() if v is not None}
    return template, values, frozenset(draw(st.sets(st.sampled_from(ids))))


def _same_as_one_by_one(template, values, waived):
    found = assess(template, values, waived)
    assert found.blockers == gate(template, values, waived)
    assert (found.done, found.total) == progress(template, values, waived)
    assert found.counts == [condition_holds(i, template, values) for i in template.items]
    assert found.problems == [problem(i, values.get(i.id)) for i in template.items]


@settings(max_examples=150, deadline=None)
@given(checklists())
def test_assess_equals_gate_progress_and_problem_on_any_checklist(case):
    _same_as_one_by_one(*case)


@settings(max_examples=60, deadline=None)
@given(handoff_values())
def test_assess_equals_gate_progress_and_problem_on_the_relay(case):
    _same_as_one_by_one(RELAY, *case)


def test_assess_treats_a_loop_of_conditions_as_never_holding():
    template = _checklist_of(
        [
            {"id": "a", "text": "Aaa", "why": "Why.", "when": {"item": "b", "is_set": False}},
            {"id": "b", "text": "Bbb", "why": "Why.", "required": True, "when": {"item": "a", "is_set": False}},
            {"id": "c", "text": "Ccc", "why": "Why.", "required": True},
        ]
    )
    found = assess(template, {})
    assert found.counts == [False, False, True]
    assert (found.done, found.total) == (0, 1) and [b.item_id for b in found.blockers] == ["c"]
    _same_as_one_by_one(template, {}, frozenset())
