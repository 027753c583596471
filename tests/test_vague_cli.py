"""Vague answers on the command line, in-process: show, show --json, send, brief, report, brief --summary."""

from __future__ import annotations

import json
import stat
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import Wall, replica_for

from baton.core.home import Home
from baton.core.replica import Replica
from baton.core.store import Store
from baton.tui.cli import cli

GOOD = {
    "crm-record": "https://crm.example.com/deals/48213",
    "plan": "growth",
    "seats": "40",
    "client-goals": '"Close the books in 3 days, not 8, without hiring" (Dana Ruiz, CFO, on the demo call of 4 Nov)',
    "scope": "Setup of 2 entities and bank feeds; not included: payroll and data before 2024.",
    "promised-go-live": "2099-01-15",
    "promises": "none",
    "stakeholders": "Dana Ruiz, CFO, sponsor, dana@northwind.example; Omar Haddad, day-to-day, omar@northwind.example",
    "client-introduced": None,
}


@pytest.fixture
def ana(home) -> Path:
    Replica.init(Home(home), "ana", tz="UTC").close()
    return home


def baton(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def draft(**overrides: str | None) -> str:
    result = baton("new", "sales-to-onboarding", "--title", "Northwind", "--to", "ben")
    handoff = result.stdout.strip()
    for item_id, value in {**GOOD, **overrides}.items():
        args = ["set", handoff, item_id] + ([value] if value is not None else [])
        assert baton(*args).exit_code == 0
    return handoff


def test_show_lists_vague_answers_under_their_items_and_after_the_gate(ana):
    handoff = draft(promises="TBD.", stakeholders="Ask Tom, he has all the names and emails from the call")
    result = baton("show", handoff)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    at = next(i for i, line in enumerate(lines) if "promises:" in line)
    assert lines[at + 1].strip().startswith("! “TBD” is a placeholder, not an answer.")
    assert any(line.strip().startswith("! “Ask Tom” sends the receiver") for line in lines)
    assert "Gate: Ready to send." in lines
    assert (
        "Check before relying on: promises, stakeholders (2 vague answers; a warning, not a blocker)" in result.stdout
    )


def test_show_json_has_warnings_per_item_and_for_the_handoff(ana):
    handoff = draft(promises="TBD.")
    shown = json.loads(baton("show", handoff, "--json").stdout)
    assert shown["warnings"] == [
        {
            "item": "promises",
            "check": "placeholder",
            "reason": "“TBD” is a placeholder, not an answer",
            "fix": "Write the answer itself; if it is not known yet, say what is missing, who will find out and by when.",
        }
    ]
    by_item = {i["id"]: i["warnings"] for i in shown["items"]}
    assert by_item["promises"] == [{k: v for k, v in shown["warnings"][0].items() if k != "item"}]
    assert by_item["scope"] == [] and shown["blockers"] == []


def test_a_clear_handoff_has_no_warnings(ana):
    handoff = draft()
    assert json.loads(baton("show", handoff, "--json").stdout)["warnings"] == []
    assert "Check before relying on" not in baton("show", handoff).stdout
    result = baton("send", handoff)
    assert result.exit_code == 0
    sent, due = result.stdout.splitlines()  # sent, and when the answer is due: no vague answer after it
    assert sent == "Sent to ben." and due.startswith("Answer by ")


def test_send_prints_the_warnings_and_sends(ana):
    handoff = draft(scope="As discussed on the call with their CFO last week", **{"promised-go-live": "2020-01-01"})
    result = baton("send", handoff)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "Sent to ben." and lines[1].startswith("Answer by ")
    assert lines[2] == "Sent with 2 vague answers; the receiver may ask about:"
    assert "  ! scope: “As discussed” sends the receiver" in result.stdout
    assert "  ! promised-go-live: 2020-01-01 is already in the past." in result.stdout
    assert json.loads(baton("show", handoff, "--json").stdout)["status"] == "sent"


def test_the_brief_says_what_to_check_before_relying_on_it(ana):
    handoff = draft(stakeholders="none")
    brief = baton("brief", handoff).stdout
    section = brief.split("## Check before relying on\n\n")[1].split("\n\n")[0]
    assert section.startswith("- `stakeholders`: “none” where the item asks for people. Name the person")
    assert "## Check before relying on" not in baton("brief", draft()).stdout


def test_a_broken_team_file_is_one_line_and_the_built_ins_still_apply(ana):
    (ana / "answer-checks.toml").write_text("[[checks]\n", encoding="utf-8")
    handoff = draft(promises="TBD.")
    result = baton("show", handoff, "--json")
    assert result.exit_code == 0
    problems = result.stderr.splitlines()
    assert len(problems) == 1 and problems[0].startswith("baton: ") and "answer-checks.toml" in problems[0]
    assert [w["check"] for w in json.loads(result.stdout)["warnings"]] == ["placeholder"]


def test_report_counts_vague_answers_sent_and_the_returns_that_followed(ana):
    first = draft(scope="see the email thread, it has the full list of everything", promises="n/a.")
    second = draft()
    assert baton("send", first).exit_code == 0
    assert baton("send", second).exit_code == 0
    home = Home(ana)
    store = Store(home.database)
    ben = replica_for(home, store, "ben", "member", Wall(10**13))
    ben.return_(first, "Scope is not in the handoff: what exactly was sold?")
    ben.accept(second)
    store.close()

    figures = json.loads(baton("report", "--json").stdout)["vague_answers"]
    assert (figures["answers"], figures["sends"], figures["vague_sends"]) == (2, 2, 1)
    assert (figures["returned_after_vague"], figures["answered_after_vague"]) == (1, 1)
    assert (figures["returned_clear"], figures["answered_clear"]) == (0, 1)
    assert figures["return_rate_after_vague"] == 1.0 and figures["return_rate_clear"] == 0.0
    assert [(c["key"], c["answers"]) for c in figures["by_transition"]] == [("sales → onboarding", 2)]
    assert [(c["key"], c["answers"]) for c in figures["by_sender"]] == [("ana", 2)]
    assert sorted(c["key"] for c in figures["by_item"]) == [
        "sales-to-onboarding/promises",
        "sales-to-onboarding/scope",
    ]
    assert sorted((c["key"], c["answers"]) for c in figures["by_check"]) == [("placeholder", 1), ("pointer", 1)]
    text = baton("report").stdout
    assert "Vague answers sent (2 in 1 of 2 sends)" in text
    assert "returned after a vague answer: 1 of 1 answered (100%); without one: 0 of 1 (0%)" in text


# ---- brief --summary --------------------------------------------------------------------


def fake_command(folder: Path, body: str) -> Path:
    """A small script standing in for the team's summariser."""
    script = folder / "fake-summarize"
    script.write_text(f"#!{sys.executable}\nimport sys, time, pathlib\n{body}\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return script


def configure(home: Path, command: str, timeout: float | None = None) -> None:
    extra = f"summarize_timeout = {timeout}\n" if timeout is not None else ""
    (home / "brief.toml").write_text(f"summarize_command = {json.dumps(command)}\n{extra}", encoding="utf-8")


def test_summary_is_added_under_a_machine_written_heading_and_changes_no_value(ana, tmp_path):
    script = fake_command(
        tmp_path,
        "brief = sys.stdin.read()\n"
        "print('Northwind bought growth for 40 seats.' if 'Northwind' in brief else 'no brief')\n"
        "print('args:', ' '.join(sys.argv[1:]))",
    )
    configure(ana, f"{script} -m local 'Summarise for the receiver'")
    handoff = draft()
    before = baton("show", handoff, "--json").stdout
    plain = baton("brief", handoff).stdout
    result = baton("brief", handoff, "--summary")
    assert result.exit_code == 0 and result.stderr == ""
    assert result.stdout.startswith(plain.rstrip("\n"))
    tail = result.stdout[len(plain.rstrip("\n")) :]
    assert tail.startswith("\n\n## Summary (machine-written")
    assert "Northwind bought growth for 40 seats.\nargs: -m local Summarise for the receiver\n" in tail
    assert baton("show", handoff, "--json").stdout == before


def test_summary_never_runs_unless_asked(ana, tmp_path):
    marker = tmp_path / "ran"
    script = fake_command(tmp_path, f"pathlib.Path({str(marker)!r}).write_text('yes')\nprint('summary')")
    configure(ana, str(script))
    handoff = draft()
    assert "Summary (machine-written" not in baton("brief", handoff).stdout
    assert not marker.exists()


@pytest.mark.parametrize(
    "setup, says",
    [
        ("unconfigured", "no summary: no `summarize_command` is configured"),
        ("failing", "no summary: fake-summarize failed (exit 3): model not found"),
        ("slow", "no summary: fake-summarize took longer than 0.5 s and was stopped"),
        ("silent", "no summary: fake-summarize printed nothing"),
        ("missing", "no summary: cannot run no-such-summarizer"),
        ("broken", "no summary: "),
    ],
)
def test_an_unusable_summary_command_is_one_line_and_the_brief_without_it(ana, tmp_path, setup, says):
    bodies = {
        "failing": "sys.stderr.write('model not found\\n'); sys.exit(3)",
        "slow": "time.sleep(30); print('too late')",
        "silent": "sys.stdin.read()",
    }
    if setup in bodies:
        configure(ana, str(fake_command(tmp_path, bodies[setup])), timeout=0.5 if setup == "slow" else None)
    elif setup == "missing":
        configure(ana, "no-such-summarizer -m x")
    elif setup == "broken":
        (ana / "brief.toml").write_text("summarize_command = [", encoding="utf-8")
    handoff = draft()
    plain = baton("brief", handoff).stdout
    result = baton("brief", handoff, "--summary")
    assert result.exit_code == 1  # the brief, and a script can tell the summary asked for is not in it
    assert result.stdout == plain
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"baton: {says}")
    saved = tmp_path / "brief.md"
    written = baton("brief", handoff, "--summary", "--output", str(saved))
    assert written.exit_code == 1 and saved.read_text(encoding="utf-8") == plain
    assert written.stderr.startswith(f"baton: {says}")


def test_templates_validate_accepts_vague_block_and_refuses_a_bad_value_in_one_line(ana, tmp_path):
    source = (Path(__file__).parent.parent / "checklists" / "task-reassignment.toml").read_text(encoding="utf-8")
    marked = source.replace(
        'kind = "text"\nmin_length = 40\nrequired = true',
        'kind = "text"\nmin_length = 40\nrequired = true\nvague = "{}"',
        1,
    )
    assert marked != source
    good, bad = tmp_path / "good.toml", tmp_path / "bad.toml"
    good.write_text(marked.replace("{}", "block"), encoding="utf-8")
    bad.write_text(marked.replace("{}", "maybe"), encoding="utf-8")
    assert baton("templates", "validate", str(good)).exit_code == 0
    result = baton("templates", "validate", str(bad))
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f'{bad}: item `current-state`, field `vague`: unknown value \'maybe\'; use "warn" or "block"'
    ]


@pytest.mark.parametrize(
    ("check", "said"),
    [
        ('name = "Bad Name"', "checks.1.name: 'Bad Name' is not an id"),
        ('test = "nosuch"', "checks.1.test: unknown value 'nosuch'; use 'placeholder', 'pointer'"),
        ('most_words = "6"', "checks.1.most_words: should be a whole number, not the text '6'"),
        ('word = ["x"]', "checks.1.word: is not a known field (did you mean `words`?)"),
    ],
    ids=["name", "test", "text-for-number", "unknown-field"],
)
def test_a_team_file_problem_is_said_in_the_products_words(ana, check, said):
    fields = {"name": '"mine"', "test": '"placeholder"', "reason": '"Vague."', "fix": '"Say it."'}
    key = check.split(" = ")[0]
    fields[key] = check.split(" = ", 1)[1]
    body = "".join(f"{name} = {value}\n" for name, value in fields.items())
    (ana / "answer-checks.toml").write_text(f"[[checks]]\n{body}", encoding="utf-8")
    result = baton("show", draft(promises="TBD."))
    assert result.exit_code == 0
    [line] = result.stderr.splitlines()
    assert said in line and "Input should" not in line and "String should" not in line, line
