"""Templates: good files load; every kind of broken file is refused with a message
that names the file, the item and the field; the catalog picks the highest version
and a handoff keeps the version it was created from.
"""

from __future__ import annotations

import re

import pytest
from conftest import RELAY_TOML, Team, run, write_relay

from baton.core.catalog import Catalog
from baton.core.errors import NotFound, TemplateError
from baton.core.template import load_template


def broken(tmp_path, old: str, new: str, count: int = 1) -> str:
    """Load the relay template with one edit; return the one message it raises."""
    assert RELAY_TOML.count(old) >= 1, old
    path = write_relay(tmp_path, RELAY_TOML.replace(old, new, count), name="broken.toml")
    with pytest.raises(TemplateError) as info:
        load_template(path)
    assert info.value.source == str(path)
    assert str(path) in str(info.value)
    return "; ".join(info.value.problems)


def test_good_template_loads_every_kind(tmp_path):
    template = load_template(write_relay(tmp_path))
    assert template.id == "relay" and template.version == 1
    assert [i.kind for i in template.items] == [
        "check",
        "text",
        "text",
        "date",
        "url",
        "number",
        "choice",
        "text",
        "date",
        "text",
        "check",
    ]
    assert template.required_count == 9
    assert template.item("seats").min == 1 and template.item("seats").max == 500
    assert template.item("security").when.equals == "enterprise"
    assert template.item("review-date").when.is_set is True
    assert template.transition == "alpha → beta"


def test_builtin_templates_are_valid():
    entries = list(Catalog())
    assert entries, "at least one built-in checklist"
    for entry in entries:
        assert entry.source == "built-in"
        assert entry.template.items


def test_bad_toml_names_the_file(tmp_path):
    message = broken(tmp_path, "version = 1", "version = = 1")
    assert "not valid TOML" in message


def test_unreadable_file(tmp_path):
    path = tmp_path / "missing.toml"
    with pytest.raises(TemplateError) as info:
        load_template(path)
    assert str(path) in str(info.value) and "cannot read" in str(info.value)


def test_unknown_kind_names_item_and_field(tmp_path):
    message = broken(tmp_path, 'kind = "number"', 'kind = "integer"')
    assert "item `seats`" in message and "field `kind`" in message
    assert "'integer'" in message and "check, text, date, url, number or choice" in message


@pytest.mark.parametrize("field", ["text", "why"])
def test_missing_item_field(tmp_path, field):
    line = 'text = "Project code"\n' if field == "text" else 'why = "Billing files time under it."\n'
    message = broken(tmp_path, line, "")
    assert "item `code`" in message and f"field `{field}`" in message and "is missing" in message


def test_missing_item_id_names_position(tmp_path):
    message = broken(tmp_path, 'id = "code"\n', "")
    assert "item #3" in message and "field `id`" in message and "is missing" in message


def test_missing_template_field(tmp_path):
    message = broken(tmp_path, 'trigger = "Work is ready"\n', "")
    assert "field `trigger`" in message and "is missing" in message


def test_unknown_field(tmp_path):
    message = broken(tmp_path, 'id = "plan"\n', 'id = "plan"\ncolour = "red"\n')
    assert "item `plan`" in message and "field `colour`" in message and "not a known field" in message


def test_when_naming_no_item(tmp_path):
    message = broken(tmp_path, 'when = { item = "plan", equals', 'when = { item = "tier", equals')
    assert "item `security`" in message and "`when` names no item `tier`" in message


def test_when_naming_itself(tmp_path):
    message = broken(tmp_path, 'when = { item = "plan", equals', 'when = { item = "security", equals')
    assert "item `security`" in message and "itself" in message


def test_when_needs_exactly_one_test(tmp_path):
    message = broken(
        tmp_path,
        'when = { item = "plan", equals = "enterprise" }',
        'when = { item = "plan", equals = "enterprise", is_set = true }',
    )
    assert "item `security`" in message and "field `when`" in message and "exactly one" in message


def test_duplicate_item_ids(tmp_path):
    message = broken(tmp_path, 'id = "code"', 'id = "summary"')
    assert "item `summary` appears twice" in message


@pytest.mark.parametrize(
    "old, new, words",
    [
        ('kind = "number"\nmin = 1', 'kind = "date"\nmin = 1', "`min` does not apply to a date item"),
        (
            'kind = "text"\nmin_length = 10',
            'kind = "check"\nmin_length = 10',
            "`min_length` does not apply to a check item",
        ),
        ('choices = ["starter", "growth", "enterprise"]', "choices = []", "non-empty `choices`"),
        ('choices = ["starter", "growth", "enterprise"]', 'choices = ["a", "a"]', "the same answer twice"),
        ("min = 1\nmax = 500", "min = 10\nmax = 5", "`min` is greater than `max`"),
    ],
)
def test_rule_not_fitting_the_kind(tmp_path, old, new, words):
    message = broken(tmp_path, old, new)
    assert words in message
    assert re.search(r"item `(seats|summary|plan)`", message)


def test_bad_pattern(tmp_path):
    message = broken(tmp_path, 'pattern = "[A-Z]{3}-[0-9]+"', 'pattern = "[A-Z"')
    assert "item `code`" in message and "field `pattern`" in message and "does not compile" in message


def test_bad_identifier_and_empty_items(tmp_path):
    message = broken(tmp_path, 'id = "relay"', 'id = "Relay Template"')
    assert "field `id`" in message
    path = write_relay(tmp_path, RELAY_TOML.split("[[items]]")[0], name="empty.toml")
    with pytest.raises(TemplateError) as info:
        load_template(path)
    assert "field `items`" in str(info.value)


def test_every_problem_is_reported(tmp_path):
    text = RELAY_TOML.replace('kind = "number"', 'kind = "integer"').replace(
        'why = "Billing files time under it."\n', ""
    )
    with pytest.raises(TemplateError) as info:
        load_template(write_relay(tmp_path, text, name="two.toml"))
    problems = info.value.problems
    assert any("item `seats`" in p and "kind" in p for p in problems)
    assert any("item `code`" in p and "why" in p for p in problems)


# ---- the catalog ----------------------------------------------------------


def test_user_template_with_higher_version_supersedes_builtin(tmp_path):
    builtin = Catalog().get("sales-to-onboarding").template
    text = RELAY_TOML.replace('id = "relay"', 'id = "sales-to-onboarding"').replace(
        "version = 1", f"version = {builtin.version + 1}"
    )
    path = write_relay(tmp_path, text, name="mine.toml")
    entry = Catalog(tmp_path).get("sales-to-onboarding")
    assert entry.template.version == builtin.version + 1
    assert entry.source == str(path)


def test_highest_version_wins_whatever_the_file_order(tmp_path):
    write_relay(tmp_path, RELAY_TOML.replace("version = 1", "version = 3"), name="a.toml")
    write_relay(tmp_path, RELAY_TOML.replace("version = 1", "version = 2"), name="b.toml")
    entry = Catalog(tmp_path).get("relay")
    assert entry.template.version == 3 and entry.source.endswith("a.toml")


def test_two_user_files_with_same_id_and_version_are_refused(tmp_path):
    write_relay(tmp_path, name="a.toml")
    write_relay(tmp_path, name="b.toml")
    catalog = Catalog(tmp_path)  # the rest of the catalog still works
    assert [s.source for s in catalog.skipped] == [str(tmp_path / "b.toml")]
    assert "also defined" in catalog.skipped[0].reason
    with pytest.raises(TemplateError) as info:  # which of the two is meant is unknown: neither starts a handoff
        catalog.get("relay")
    assert "also defined" in str(info.value)
    assert catalog.get("sales-to-onboarding").source == "built-in"


def test_unknown_template_is_not_found(tmp_path):
    with pytest.raises(NotFound) as info:
        Catalog(tmp_path).get("nope")
    assert "known:" in str(info.value)


def test_handoff_keeps_its_pinned_version(team: Team):
    handoff = team.draft()
    team["ana"].set_item(handoff, "seats", "40")
    v2 = RELAY_TOML.replace("version = 1", "version = 2").replace('id = "seats"', 'id = "licences"')
    write_relay(team.home.templates, v2)
    assert team["ana"].catalog().get("relay").template.version == 2

    state = team["ana"].state(handoff)
    assert state.template.version == 1
    assert state.template.item("seats") is not None and state.template.item("licences") is None
    team["ana"].set_item(handoff, "seats", "41")
    team.fill(handoff)
    team["ana"].send(handoff)
    assert team["ana"].state(handoff).status == "sent"
    row = team.store.handoff_row(handoff)
    assert row["template_version"] == 1

    newer = team.draft(title="A newer one")
    assert team["ana"].state(newer).template.version == 2
    assert team["ana"].state(newer).template.item("licences") is not None


# ---- the command line -----------------------------------------------------


def test_cli_validate_good_and_broken(tmp_path, home):
    good = write_relay(tmp_path, name="good.toml")
    bad = write_relay(tmp_path, RELAY_TOML.replace('kind = "number"', 'kind = "integer"'), name="bad.toml")
    result = run("templates", "validate", good, home=home)
    assert result.returncode == 0, result.stderr
    assert "ok (relay v1, 11 items)" in result.stdout

    result = run("templates", "validate", good, bad, home=home)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"{bad}: item `seats`, field `kind`" in result.stderr
    assert "ok" in result.stdout


def test_cli_validate_bad_toml(tmp_path, home):
    bad = write_relay(tmp_path, "id = [", name="bad.toml")
    result = run("templates", "validate", bad, home=home)
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert str(bad) in result.stderr and "not valid TOML" in result.stderr


def test_cli_validate_needs_a_path(home):
    assert run("templates", "validate", home=home).returncode == 2


def test_cli_templates_list_and_show(cli_team):
    result = run("templates", "list", home=cli_team.home)
    assert result.returncode == 0, result.stderr
    assert "sales-to-onboarding" in result.stdout
    assert re.search(r"relay\s+v1\s+alpha → beta\s+11\s+9\s+Work is ready", result.stdout)

    result = run("templates", "show", "relay", home=cli_team.home)
    assert result.returncode == 0, result.stderr
    assert "- seats [number, required] Seats sold" in result.stdout
    assert "why: Licences are provisioned per seat." in result.stdout
    assert "only when plan = enterprise" in result.stdout
    assert "only when security is filled" in result.stdout

    result = run("templates", "show", "nope", home=cli_team.home)
    assert result.returncode == 4
    assert result.stderr.startswith("baton: no template 'nope'")


def test_cli_broken_user_template_is_one_clear_line(cli_team):
    write_relay(cli_team.home / "checklists", "id = [", name="zz.toml")
    result = run("templates", "list", home=cli_team.home)
    assert result.returncode == 0  # the list is still there: the file is skipped, and said once
    assert "sales-to-onboarding" in result.stdout
    assert "zz.toml" in result.stderr and "not valid TOML" in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
