"""Vague answers by kind, on the built-in checklists' own items: what a walk-through found missed or wrongly flagged.

Missed: placeholders in other spellings (`…`, `nil`, `0`), pointers in other words
(`per our call`, `in Slack`, `ask john for details`), and "none" on an item every
handoff has an answer to. Wrongly flagged: real answers that start with a placeholder
word ("TBD by the client's board on 5 Jan; …") or name a company "Lorem Ipsum Ltd".
A placeholder counts when little else is said, as a pointer does; "none" counts only
on an item that cannot be empty (risks, objections, open questions may be).
"""

from __future__ import annotations

import functools
from datetime import date

import pytest

from baton.core.answer_checks import Context, Finding
from baton.core.answer_rules import FILE_NAME, gate_checks, load_answer_checks
from baton.core.catalog import builtin_entries
from baton.core.template import Template

TODAY = date(2026, 11, 30)
GOALS = "sales-to-onboarding/client-goals"


@functools.cache
def checklist(template_id: str) -> Template:
    return next(e.template for e in builtin_entries() if e.template.id == template_id)


def judged(value: str, where: str = GOALS) -> list[Finding]:
    """The findings on `value` as the answer to `where` ("checklist/item"), on a handoff with nothing else filled."""
    template_id, item_id = where.split("/")
    template = checklist(template_id)
    item = template.item(item_id)
    assert item is not None
    return gate_checks().item(item, value, Context(template.items, {item_id: value}, TODAY))


@pytest.mark.parametrize(
    "where, value, check",
    [
        (GOALS, "…", "placeholder"),
        (GOALS, "***", "placeholder"),
        (GOALS, "same as above", "placeholder"),  # as "see above": not also a pointer
        (GOALS, "nil", "says-none"),
        (GOALS, "null", "says-none"),
        (GOALS, "nothing", "says-none"),
        (GOALS, "0", "says-none"),
        (GOALS, "none", "says-none"),
        (GOALS, "None.", "says-none"),
        ("sales-to-onboarding/scope", "none", "says-none"),
        ("delivery-to-support/what-changed", "nothing", "says-none"),
        (GOALS, "per our call", "pointer"),
        (GOALS, "as per email", "pointer"),
        (GOALS, "discussed on call", "pointer"),
        (GOALS, "Discussed in the meeting with Dana", "pointer"),
        (GOALS, "in Slack", "pointer"),
        (GOALS, "in the doc", "pointer"),
        (GOALS, "On the shared drive.", "pointer"),
        (GOALS, "email me", "pointer"),
        (GOALS, "I'll explain on the call", "pointer"),
        (GOALS, "refer to the contract", "pointer"),
        (GOALS, "ask john for details", "pointer"),
        (GOALS, "ask priya", "pointer"),
        (GOALS, "will follow", "pointer"),
        (GOALS, "Details will follow.", "pointer"),
        (GOALS, "All in the Notion page", "pointer"),
        (GOALS, "Lots, check the HubSpot timeline", "pointer"),
        (GOALS, "Same as the sales handoff", "pointer"),
    ],
)
def test_a_vague_answer_in_other_words_is_flagged_by_the_right_check(where, value, check):
    found = judged(value, where)
    assert [f.check for f in found] == [check]
    assert found[0].reason and found[0].fix


@pytest.mark.parametrize(
    "where, value",
    [
        (GOALS, "Todo list app for field staff; goal is offline sync"),
        (GOALS, "TBD by the client's board on 5 Jan; we proposed 3 options"),
        (GOALS, "Lorem Ipsum Ltd is the client's parent company, which signs"),
        (GOALS, "To do first: close the books in 3 days, says Dana (CFO); no second accountant"),
        (GOALS, "Go-live TBD by their IT lead Ingrid Holm after the security review on 9 Dec"),
        ("delivery-to-support/still-open", "none"),  # "who owns it" asks for a person only if something is open
    ],
)
def test_a_real_answer_that_starts_with_a_placeholder_word_or_may_be_none_is_left_alone(where, value):
    assert judged(value, where) == []


# ---- what the wider rules must keep: these held before, and hold still ------------------


@pytest.mark.parametrize(
    "value",
    [
        "TBD.",
        "TBD - will confirm",
        "todo: ask",
        "TODO: fill in after the call",
        "?!",
        "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt",
    ],
)
def test_an_answer_that_is_mostly_a_placeholder_is_still_flagged(value):
    assert [f.check for f in judged(value)] == ["placeholder"]


@pytest.mark.parametrize(
    "where, value",
    [
        ("sales-to-onboarding/known-risks", "nil"),
        ("sales-to-onboarding/objections", "nothing"),
        ("onboarding-to-delivery/open-questions", "0"),
        ("support-to-delivery/tried", "nothing"),
        ("support-to-delivery/customer-told", "Nothing yet"),
        ("support-to-delivery/workaround", "none"),
        ("delivery-to-support/customer-action", "none"),  # the item offers "nothing"
        ("task-reassignment/risks", "null"),
    ],
)
def test_none_in_any_words_is_left_alone_on_an_item_that_may_have_nothing(where, value):
    assert judged(value, where) == []


@pytest.mark.parametrize("where", ["sales-to-onboarding/stakeholders", "marketing-to-sales/referrer"])
def test_none_where_people_are_asked_for_is_still_said_as_no_people(where):
    assert [f.check for f in judged("none", where)] == ["no-people"]


@pytest.mark.parametrize(
    "value",
    [
        "Omar Haddad, Europe/Berlin, via Slack",
        "Annual billing per contract; 10% off year two",
        "We'll explain the new pricing to Dana on Friday",
        "Same as the Berlin team: Google Workspace, Linear, QA drive and read access to staging",
        "They ask about audit trails a lot; we showed the export",
        "We need to follow the client's change process: every new field is approved by Omar",
    ],
)
def test_the_wider_pointer_patterns_leave_real_answers_alone(value):
    assert judged(value) == []


def test_a_team_check_may_skip_items_by_their_text(tmp_path):
    (tmp_path / FILE_NAME).write_text(
        """
[[checks]]
name = "internal-codes"
test = "placeholder"
reason = "“{found}” is our internal shorthand, not an answer"
fix = "Spell out what the receiver needs."
patterns = ['\\bper SOP-\\d+\\b']
skip_items = '\\bgoals\\b'
""",
        encoding="utf-8",
    )
    checks = load_answer_checks(tmp_path)
    assert checks.problems == ()
    goals, scope = checklist("sales-to-onboarding").item("client-goals"), checklist("sales-to-onboarding").item("scope")
    assert goals is not None and scope is not None
    assert [f.check for f in checks.item(scope, "Setup as per SOP-12")] == ["internal-codes"]
    assert checks.item(goals, "Setup as per SOP-12") == []  # its text says "goals": skipped
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / FILE_NAME).write_text(
        '[[checks]]\nname = "x"\ntest = "placeholder"\nreason = "why"\nfix = "fix it"\nskip_items = "("\n',
        encoding="utf-8",
    )
    [problem] = load_answer_checks(broken).problems
    assert "skip_items" in problem and "does not compile" in problem
