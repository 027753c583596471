"""A count is a whole number: an item saying `whole = true` refuses 12.5 in one line, wherever the answer
comes in, and the built-in checklists say it of their counts; their earlier versions stay known, so a
handoff already pinned to one keeps its checklist."""

from __future__ import annotations

import json

import pytest
from cli_support import baton

from baton.core.catalog import Catalog
from baton.core.errors import InvalidValue, TemplateError
from baton.core.team.checklists import builtin_checklists
from baton.core.template import parse_template
from baton.core.values import parse, problem, rules_line


def _item(**extra: object):
    data = {"id": "seats", "text": "Seats sold", "why": "Accounts are sized by seat count.", "kind": "number"}
    template = parse_template(
        {"id": "t", "version": 1, "title": "A test", "from_stage": "a", "to_stage": "b", "trigger": "now"}
        | {"items": [data | extra]},
        "test",
    )
    return template.items[0], template


def test_a_whole_item_refuses_a_fraction_and_takes_a_whole_number():
    item, _ = _item(whole=True, min=1)
    with pytest.raises(InvalidValue, match=r"^item `seats`: 12\.5 is not a whole number$"):
        parse(item, "12.5")
    assert parse(item, "40") == 40 and parse(item, "40.0") == 40 and parse(item, "4e1") == 40
    assert problem(item, 12.5) == "not a whole number"  # a value stored before the checklist said so
    assert rules_line(item) == "a whole number, at least 1"


def test_a_number_item_without_whole_still_takes_fractions():
    item, template = _item()
    assert parse(item, "12.5") == 12.5
    assert "whole" not in template.as_dict()["items"][0]  # left out while false: no pinned hash changes


def test_whole_applies_to_numbers_only():
    with pytest.raises(TemplateError, match="`whole` does not apply to a text item"):
        _item(kind="text", whole=True)


def test_the_builtin_counts_are_whole_and_earlier_versions_stay_known():
    seats = Catalog().get("sales-to-onboarding").template.item("seats")
    assert seats is not None and seats.whole
    known = {(s["id"], s["version"]) for s in builtin_checklists().values()}
    assert {("sales-to-onboarding", 2), ("sales-to-onboarding", 3)} <= known


@pytest.fixture
def ana(home):
    assert baton(home, "init", "--user", "ana").exit_code == 0
    return home


def test_set_refuses_a_fraction_of_a_seat(ana):
    made = baton(ana, "new", "sales-to-onboarding", "--title", "Acme - 40 seats", "--to", "ben")
    handoff = made.stdout.strip().splitlines()[0]
    result = baton(ana, "set", handoff, "seats", "12.5")
    assert result.exit_code == 1 and result.stderr.strip() == "baton: item `seats`: 12.5 is not a whole number"
    assert json.loads(baton(ana, "show", handoff, "--json").stdout)["items"][1]["value"] is None


def test_new_from_json_refuses_a_fraction_of_a_seat(ana, tmp_path):
    body = tmp_path / "h.json"
    body.write_text(json.dumps({"title": "Acme", "to": "ben", "values": {"seats": 40.7}}))
    result = baton(ana, "new", "sales-to-onboarding", "--from-json", str(body))
    assert result.exit_code != 0 and "40.7 is not a whole number" in result.stderr
    assert "Traceback" not in result.output
