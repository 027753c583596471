"""The answer checks engine and where its rules come from: built-ins, the team's file, a broken file."""

from __future__ import annotations

import functools
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from baton.core.answer_checks import Context, content_words, offered_answers
from baton.core.answer_rules import FILE_NAME, gate_checks, load_answer_checks
from baton.core.catalog import builtin_entries
from baton.core.template import Item

TODAY = date(2026, 11, 30)


def text_item(text: str = "The client's goals, in their own words", item_id: str = "goals", **extra) -> Item:
    return Item(id=item_id, text=text, why="The receiver must not ask twice.", kind="text", **extra)


def names(found) -> list[str]:
    return [f.check for f in found]


@pytest.mark.parametrize(
    "value, check",
    [
        ("TBD", "placeholder"),
        ("  tbc. ", "placeholder"),
        ("?", "placeholder"),
        ("n/a", "placeholder"),
        ("-", "placeholder"),
        ("xxx", "placeholder"),
        ("asap", "placeholder"),
        ("A.S.A.P.", "placeholder"),
        ("Lorem ipsum dolor sit amet", "placeholder"),
        ("TODO: fill in after the call", "placeholder"),
        ("see Slack", "pointer"),
        ("Ask Tom", "pointer"),
        ("As discussed", "pointer"),
        ("will send later", "pointer"),
        ("Details in the email thread", "pointer"),
        ("https://acme.slack.com/archives/C01/p1700000000", "chat-link"),
        ("https://teams.microsoft.com/l/message/19:abc@thread.tacv2/1", "chat-link"),
        ("here: https://mail.google.com/mail/u/0/#inbox/FMfcg", "chat-link"),
        ("https://outlook.office.com/mail/inbox/id/AAQk", "chat-link"),
        ("The client's goals in their own words", "echo"),
    ],
)
def test_each_kind_of_vague_answer_is_named_with_a_reason_and_a_fix(value, check):
    found = gate_checks().item(text_item(), value)
    assert check in names(found)
    finding = next(f for f in found if f.check == check)
    assert finding.item_id == "goals" and finding.reason and finding.fix
    assert finding.reason in finding.line() and finding.fix in finding.line()


@pytest.mark.parametrize(
    "text, value",
    [
        (
            "What was sold, and what was left out",
            "No migration needed: client is new, so setup starts from a clean ledger.",
        ),
        (
            "What was sold, and what was left out",
            "Setup of 2 entities; SSO n/a for them (Google login only); 2 trainings.",
        ),
        ("Who decides, who signs off, who is the day-to-day contact", "Tom Berg (CTO)"),
        (
            "Who decides, who signs off, who is the day-to-day contact",
            "Ask Dana Ruiz (CFO) for budget; Omar Haddad runs the day-to-day and answers within a day.",
        ),
        ('Promises beyond the contract, or "none"', "none"),
        ('Promises beyond the contract, or "none"', "None beyond the contract."),
        ('Budget owner: who decides and signs, or "unknown"', "unknown"),
        ("Known risks that could delay the start", "None that we know of."),
        (
            "The client's goals, in their own words",
            '"Close the books in 3 days" (Dana, CFO); full call notes also in the CRM.',
        ),
    ],
)
def test_good_answers_are_left_alone(text, value):
    assert gate_checks().item(text_item(text), value, Context(today=TODAY)) == []


def test_a_url_to_a_real_doc_in_a_url_item_is_fine_and_url_items_are_not_text_checked():
    item = Item(id="plan-doc", text="Link to the project plan", why="It is the plan.", kind="url")
    assert gate_checks().item(item, "https://docs.google.com/document/d/1xYz/edit") == []
    assert gate_checks().item(item, "https://acme.slack.com/archives/C01/p17") == []


def test_a_promised_date_in_the_past_is_judged_against_the_injected_clock():
    promised = Item(id="go-live", text="Go-live date promised to the client", why="It slips first.", kind="date")
    happened = Item(id="went-live", text="Date the client went live", why="Renewal counts from it.", kind="date")
    checks = gate_checks()
    assert names(checks.item(promised, "2026-11-02", Context(today=TODAY))) == ["past-date"]
    assert checks.item(promised, "2026-12-02", Context(today=TODAY)) == []
    assert checks.item(promised, "2026-11-02", Context(today=date(2026, 11, 1))) == []
    assert checks.item(promised, "2026-11-02") == []  # no clock, no judgement
    assert checks.item(happened, "2026-11-02", Context(today=TODAY)) == []


def test_the_same_text_pasted_into_two_items_is_flagged_on_both():
    a, b = text_item(item_id="a"), text_item("Known risks", item_id="b")
    pasted = "Dana Ruiz, CFO, dana@northwind.example; Omar Haddad, ops"
    found = gate_checks().answers([a, b], {"a": pasted, "b": pasted}, TODAY)
    assert [(f.item_id, f.check) for f in found] == [("a", "duplicate"), ("b", "duplicate")]
    assert "`b`" in found[0].reason and "`a`" in found[1].reason
    short = gate_checks().answers([a, b], {"a": "none", "b": "none"}, TODAY)
    assert "duplicate" not in names(short)  # short answers may repeat (goals do not take "none": says-none)


def test_none_where_the_item_asks_for_people():
    people = text_item("Security review contact at the client (name and email)")
    risks = text_item("Known risks that could delay the start")
    assert names(gate_checks().item(people, "none")) == ["no-people"]
    assert names(gate_checks().item(people, "Nobody yet")) == ["no-people"]
    assert gate_checks().item(risks, "none") == []


def test_offered_answers_and_content_words():
    assert offered_answers('Promises, or "none"') == {"none"}
    assert offered_answers("Budget owner, or “unknown”") == {"unknown"}
    assert content_words("It is in the notes, not the deck") == ["notes", "not", "deck"]


def test_every_built_in_rule_has_words_a_person_can_act_on():
    checks = gate_checks().checks
    assert {c.name for c in checks} >= {"placeholder", "pointer", "chat-link", "echo", "past-date", "duplicate"}
    for check in checks:
        assert len(check.reason) > 10 and len(check.fix) > 20


@functools.cache
def first_builtin_items() -> tuple[Item, ...]:
    """The first built-in checklist's items, read once (reading the built-ins costs more than a check)."""
    return tuple(builtin_entries()[0].template.items)


@settings(max_examples=200, deadline=None)
@given(value=st.text(max_size=300), text=st.text(min_size=3, max_size=80))
def test_checks_never_fail_on_any_answer(value, text):
    item = text_item(text)
    found = gate_checks().item(item, value, Context([item, *first_builtin_items()], {"goals": value}, TODAY))
    assert all(f.item_id == "goals" for f in found)
    if not value.strip():
        assert found == []


# ---- the team's file ------------------------------------------------------------------


def test_without_a_team_file_the_built_ins_apply(tmp_path):
    checks = load_answer_checks(tmp_path)
    assert checks.problems == ()
    assert [c.name for c in checks.checks] == [c.name for c in gate_checks().checks]


def test_a_team_file_adds_replaces_and_turns_off_checks(tmp_path):
    (tmp_path / FILE_NAME).write_text(
        """
off = ["echo"]

[[checks]]
name = "internal-codes"
test = "placeholder"
reason = "“{found}” is our internal shorthand, not an answer"
fix = "Spell out what the receiver needs."
patterns = ['\\bper SOP-\\d+\\b']

[[checks]]
name = "placeholder"
test = "placeholder"
reason = "“{found}” is a placeholder"
fix = "Write the answer."
words = ["pending legal"]
""",
        encoding="utf-8",
    )
    checks = load_answer_checks(tmp_path)
    assert checks.problems == ()
    item = text_item()
    assert names(checks.item(item, "Setup as per SOP-12")) == ["internal-codes"]
    assert names(checks.item(item, "pending legal")) == ["placeholder"]
    assert checks.item(item, "TBD") == []  # the team's placeholder replaced the built-in one
    assert checks.item(item, "The client's goals in their own words") == []  # echo is off
    assert names(checks.item(item, "see Slack")) == ["pointer"]  # the rest still apply
    assert "echo" in names(gate_checks().item(item, "The client's goals in their own words"))  # the gate ignores it


@pytest.mark.parametrize(
    "text, says",
    [
        ("[[checks]\nname=", "is not valid TOML"),
        ('[[checks]]\nname = "x"\ntest = "vibes"\nreason = "bad vibes"\nfix = "be clear"\n', "checks.1.test"),
        (
            '[[checks]]\nname = "x"\ntest = "pointer"\nreason = "why"\nfix = "fix it"\npatterns = ["("]\n',
            "does not compile",
        ),
        ('colour = "red"\n', "colour: is not a known field"),
    ],
)
def test_a_broken_team_file_gives_one_line_and_the_built_ins_still_apply(tmp_path, text, says):
    path = tmp_path / FILE_NAME
    path.write_text(text, encoding="utf-8")
    checks = load_answer_checks(tmp_path)
    assert len(checks.problems) == 1
    line = checks.problems[0]
    assert "\n" not in line and str(path) in line and says in line and "built-in" in line
    assert names(checks.item(text_item(), "TBD")) == ["placeholder"]
