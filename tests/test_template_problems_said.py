"""What `templates validate` says of a broken checklist: capped (20,000 too-short items printed 40,000 lines),
in the product's words (not pydantic's "String should match pattern '^[a-z0-9]...'"), and a `next` that
names no checklist here (it passed in silence) as a warning."""

from __future__ import annotations

import pytest
from cli_support import baton
from conftest import RELAY_TOML, write_relay

from baton.core.errors import TemplateError


def _huge(folder):
    head = RELAY_TOML.split("[[items]]")[0]
    items = "".join(f'[[items]]\nid = "i{n}"\ntext = "x"\nwhy = "Needed."\n\n' for n in range(20_000))
    return write_relay(folder, head + items, name="huge.toml")


def test_a_huge_broken_file_is_said_in_twenty_problems_and_a_count(tmp_path):
    path = _huge(tmp_path / "files")
    result = baton(tmp_path / "home", "templates", "validate", str(path))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 20 + 1
    assert lines[-1] == f"{path}: and 19,980 more problems"
    assert len(str(TemplateError(str(path), ["x" * 10] * 20_000))) < 1000  # what `new` and `publish` print too


def test_a_huge_broken_file_in_the_folder_is_one_short_line_in_the_list(tmp_path):
    home = tmp_path / "home"
    assert baton(home, "init", "--user", "tess").exit_code == 0
    _huge(home / "checklists")
    result = baton(home, "templates", "list")
    [line] = result.stderr.splitlines()
    assert "and 19,999 more problems" in line and len(line) < 400


@pytest.mark.parametrize(
    ("old", "new", "said", "not_said"),
    [
        ('id = "relay"', 'id = "Relay One"', "'Relay One' is not an id: use lowercase letters", "pattern"),
        ('to_stage = "beta"', 'to_stage = "Beta!"', "'Beta!' is not a stage name", "pattern"),
        ("accept_within_hours = 24", "accept_within_hours = 0", "must be more than 0, not 0", "Input should"),
        ("version = 1", "version = 0", "field `version`: must be at least 1", "greater than"),
        ('text = "Contract signed"', 'text = "ok"', "needs at least 3 characters (it has 2)", "String should"),
        ('title = "Relay: alpha hands to beta"\n', "", "field `title`: is missing", "Field required"),
        ('trigger = "Work is ready"', "trigger = 5", "should be text (in quotes), not the number 5", "valid string"),
        ("required = true", "required = 3", "should be true or false, not the number 3", "valid boolean"),
        ("required = true", 'required = "yes"', "should be true or false, not the text 'yes'", "valid boolean"),
        ("version = 1", 'version = "1"', "field `version`: should be a whole number, not the text '1'", "integer"),
        ("accept_within_hours = 24", "titel = 1", "`titel`: is not a known field (did you mean `title`?)", "Extra"),
        ('id = "signed"', 'id = "signed"\ncarry_from = "nope"', "is not `checklist-id:item-id`", "pattern"),
    ],
    ids=[
        "id",
        "stage",
        "greater-than",
        "at-least",
        "too-short",
        "missing",
        "type",
        "bool",
        "bool-text",
        "int-text",
        "extra",
        "carry",
    ],
)
def test_problems_are_said_in_the_products_words(tmp_path, old, new, said, not_said):
    assert old in RELAY_TOML
    path = write_relay(tmp_path, RELAY_TOML.replace(old, new, 1), name="one.toml")
    result = baton(tmp_path / "home", "templates", "validate", str(path))
    assert result.exit_code == 1
    assert said in result.stderr and not_said not in result.stderr, result.stderr


def test_a_next_checklist_that_does_not_exist_is_a_warning(tmp_path):
    text = RELAY_TOML.replace(
        "accept_within_hours = 24", 'accept_within_hours = 24\nnext = ["nope", "sales-to-onbording"]'
    )
    path = write_relay(tmp_path, text, name="chained.toml")
    result = baton(tmp_path / "home", "templates", "validate", str(path))
    assert result.exit_code == 0  # the receiver's home may hold it: the file is still valid
    warnings = result.stderr.splitlines()
    assert len(warnings) == 2 and all(w.startswith(f"baton: warning: {path}: `next` names `") for w in warnings)
    assert "`nope`, which is no checklist here" in warnings[0]
    assert "did you mean `sales-to-onboarding`?" in warnings[1]


def test_a_next_checklist_among_the_files_checked_or_the_home_is_known(tmp_path):
    home = tmp_path / "home"
    write_relay(home / "checklists", RELAY_TOML.replace('id = "relay"', 'id = "kept"'), name="kept.toml")
    nexts = 'accept_within_hours = 24\nnext = ["kept", "other", "sales-to-onboarding"]'
    first = write_relay(tmp_path, RELAY_TOML.replace("accept_within_hours = 24", nexts), name="first.toml")
    other = write_relay(tmp_path, RELAY_TOML.replace('id = "relay"', 'id = "other"'), name="other.toml")
    result = baton(home, "templates", "validate", str(first), str(other))
    assert result.exit_code == 0 and result.stderr == "", result.stderr


def test_every_layer_of_problems_is_said_in_one_run(tmp_path):
    """min over max, an empty choice list, an id twice, and `when`s naming nobody or themselves: the last three
    were said only once the first two were fixed, so one file took three runs to put right."""
    head = RELAY_TOML.split("[[items]]")[0]
    items = [
        'id = "a"\ntext = "Seats"\nwhy = "Licences."\nkind = "number"\nmin = 5\nmax = 1',
        'id = "c"\ntext = "Plan"\nwhy = "Scope."\nkind = "choice"\nchoices = []',
        'id = "a"\ntext = "Seats again"\nwhy = "Licences."',
        'id = "d"\ntext = "Reviewer"\nwhy = "Go-live."\nwhen = { item = "zzz", is_set = true }',
        'id = "e"\ntext = "Review date"\nwhy = "Go-live."\nwhen = { item = "e", is_set = true }',
    ]
    path = write_relay(tmp_path, head + "".join(f"[[items]]\n{i}\n\n" for i in items), name="layers.toml")
    result = baton(tmp_path / "home", "templates", "validate", str(path))
    assert result.exit_code == 1
    said = result.stderr
    for problem in (
        "item `a`: `min` is greater than `max`",
        "item `c`: a choice item needs a non-empty `choices` list",
        "item `a` appears twice",
        "item `d`: `when` names no item `zzz`",
        "item `e`: `when` names the item itself",
    ):
        assert said.count(problem) == 1, (problem, said)
