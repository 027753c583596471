"""The command line's refusals say what is true: a negative number reaches core's rule, an unknown stage or
user is named as unknown, a wrong fingerprint is not printed for pasting."""

from __future__ import annotations

from cli_support import baton, started
from conftest import write_relay


def test_a_negative_number_meets_the_items_rule_not_an_option_error(home):
    handoff = started(home)
    result = baton(home, "set", handoff, "seats", "-5")
    assert result.exit_code == 0, result.output
    assert "below the minimum of 1" in result.stderr and "No such option" not in result.output
    assert baton(home, "set", "--help").exit_code == 0


def test_a_title_of_a_page_is_refused_in_one_line(home):
    assert baton(home, "init", "--user", "ana").exit_code == 0
    write_relay(home / "checklists")
    result = baton(home, "new", "relay", "--title", "x" * 5000, "--to", "ben")
    assert result.exit_code == 1
    assert result.stderr.strip().count("\n") == 0 and "at most 200 characters" in result.stderr


def test_an_unknown_stage_is_named_unknown_with_the_known_ones(home):
    started(home)
    result = baton(home, "new", "relay", "--title", "Acme deal", "--to", "@nosuchstage")
    assert result.exit_code == 4
    line = result.stderr.strip()
    assert "there is no stage called nosuchstage" in line and "alpha, beta" in line
    assert "team set USER --stage nosuchstage" not in line


def test_a_known_stage_nobody_receives_for_keeps_the_hint(home):
    started(home)
    result = baton(home, "new", "relay", "--title", "Acme deal", "--to", "@beta")
    assert result.exit_code == 1 and "baton team set USER --stage beta" in result.stderr


def test_remind_refuses_a_user_nobody_has_heard_of(home):
    started(home)
    result = baton(home, "remind", "--user", "nosuch")
    assert result.exit_code == 4 and "no teammate called nosuch" in result.stderr
    assert "Nothing waits" not in result.output
    assert baton(home, "remind", "--user", "ben").exit_code == 0
    assert baton(home, "remind", "--user", "ana").exit_code == 0


def test_an_oversize_value_from_json_names_the_item_and_the_limit(home, tmp_path):
    import json

    started(home)
    given = tmp_path / "big.json"
    given.write_text(
        json.dumps({"template": "relay", "title": "Acme deal", "to": "ben", "values": {"summary": "x" * 600_000}})
    )
    result = baton(home, "new", "--from-json", str(given))
    assert result.exit_code == 1
    assert "item `summary` is too long: 600,000 characters, at most 500,000" in result.stderr
    assert "payload.values" not in result.stderr


def test_a_comment_of_several_lines_stays_under_the_text_column(home):
    handoff = started(home)
    assert baton(home, "comment", handoff, "First line of the note\nsecond line\nthird").exit_code == 0
    for command in ("history", "show"):
        lines = baton(home, command, handoff).stdout.splitlines()
        at = next(n for n, line in enumerate(lines) if "commented: First line of the note" in line)
        column = lines[at].index("commented:")  # the history's text column
        for line, later in zip(lines[at + 1 : at + 3], ("second line", "third"), strict=True):
            assert line.index(later) == column and not line[:column].strip(), (command, lines)


def test_show_keeps_a_comments_later_lines_under_its_text(home):
    handoff = started(home)
    assert baton(home, "comment", handoff, "First line of the note\nsecond line").exit_code == 0
    lines = baton(home, "show", handoff).stdout.splitlines()
    at = lines.index("Comments:") + 1
    column = lines[at].index("First line")
    assert lines[at + 1] == " " * column + "second line"


def test_list_lines_up_columns_after_a_title_with_wide_characters(home):
    from rich.cells import cell_len

    started(home)
    assert baton(home, "new", "relay", "--title", "Globex 日本 — 5 seats", "--to", "ben").exit_code == 0
    assert baton(home, "new", "relay", "--title", "東京" * 30, "--to", "ben").exit_code == 0
    lines = baton(home, "list").stdout.splitlines()[:4]
    starts = {cell_len(line[: line.index(" ana ")]) for line in lines[1:]}
    assert starts == {cell_len(lines[0][: lines[0].index("NEXT")]) - 1}, lines
    assert all(cell_len(line) <= cell_len(lines[0]) + 40 for line in lines)


def test_an_empty_title_given_is_said_as_empty_not_as_missing(home):
    """`--title ""` was told "a title is needed (give it with --title …)", as if no --title had been given."""
    assert baton(home, "init", "--user", "ana").exit_code == 0
    write_relay(home / "checklists")
    for empty in ("", "   "):
        result = baton(home, "new", "relay", "--title", empty, "--to", "ben")
        assert result.exit_code == 1 and result.stderr == "baton: the title given is empty: a handoff needs one\n"
    missing = baton(home, "new", "relay", "--to", "ben")
    assert missing.exit_code == 1 and "a title is needed (give it with --title or in the JSON)" in missing.stderr
    assert baton(home, "list", "--all", "--json").stdout.strip() == "[]"


def test_an_id_prefix_that_starts_several_handoffs_is_not_found_exit_4_naming_them(home):
    started(home)
    seen: dict[str, str] = {}
    for n in range(17):  # seventeen ids, sixteen hexadecimal first characters: two share one
        made = baton(home, "new", "relay", "--title", f"Deal {n}", "--to", "ben").stdout.strip().splitlines()[0]
        if made[0] in seen:
            break
        seen[made[0]] = made
    result = baton(home, "show", made[0])
    assert result.exit_code == 4 and f"'{made[0]}' is ambiguous: it starts " in result.stderr
    assert made[:8] in result.stderr and seen[made[0]][:8] in result.stderr
