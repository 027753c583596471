"""The command-line contract, each command run through the script's entry point (in-process).

Exit codes: 0 ok, 1 error, 2 usage, 3 blocked by the gate, 4 not found, 5 not
allowed. Every refusal is one line on stderr, no traceback, and the database is
exactly as it was.
"""

from __future__ import annotations

import json
import re
import sqlite3

import pytest
from conftest import CliTeam, dump, run

LIST_KEYS = {
    "id",
    "short_id",
    "title",
    "template",
    "from_stage",
    "to_stage",
    "status",
    "sender",
    "receiver",
    "owner",
    "next",
    "progress",
    "blockers",
    "due",
    "created_at",
    "sent_at",
    "answered_at",
    "answer_by",
    "returns",
    "last_return_reason",
    "conflicts",
    "updated_at",
    "unapproved_checklist",
}
SHOW_KEYS = (LIST_KEYS - {"short_id"}) | {"cancel_reason", "items", "comments", "history", "warnings"}
SHOW_KEYS |= {"route", "window", "chain", "carried", "carried_unconfirmed", "send_refused"}
ITEM_KEYS = {
    "id",
    "text",
    "why",
    "kind",
    "required",
    "applies",
    "value",
    "display",
    "set_by",
    "set_at",
    "waived",
    "problem",
    "rules",
    "warnings",
}
HEX32 = re.compile(r"^[0-9a-f]{32}$")


def refused(team: CliTeam, user: str, code: int, *args: object, match: str = "") -> str:
    """Run a command that must be refused: exit `code`, one line on stderr, nothing written."""
    before = dump(team.home)
    result = team(user, *args)
    assert result.returncode == code, (result.returncode, result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("baton: "), result.stderr
    assert "Traceback" not in result.stderr
    assert match in lines[0], lines[0]
    assert dump(team.home) == before
    return lines[0]


def ok(team: CliTeam, user: str, *args: object) -> str:
    result = team(user, *args)
    assert result.returncode == 0, (result.stdout, result.stderr)
    return result.stdout


# ---- init ----------------------------------------------------------------------


def test_init_creates_a_replica(home):
    result = run(
        "init", "--user", "priya", "--role", "lead", "--tz", "Asia/Singapore", "--name", "Priya Raman", home=home
    )
    assert result.returncode == 0, result.stderr
    assert re.match(r"Replica [0-9a-f]{16} for priya \(lead, Asia/Singapore\) in ", result.stdout)
    config = json.loads((home / "config.json").read_text())
    assert (config["user"], config["role"], config["tz"], config["display_name"]) == (
        "priya",
        "lead",
        "Asia/Singapore",
        "Priya Raman",
    )
    assert (home / "baton.db").exists()


def test_second_init_is_refused(home):
    assert run("init", "--user", "ana", "--tz", "UTC", home=home).returncode == 0
    config = (home / "config.json").read_text()
    result = run("init", "--user", "ben", "--tz", "UTC", home=home)
    assert result.returncode == 1
    assert "already holds a replica for ana" in result.stderr
    assert (home / "config.json").read_text() == config


@pytest.mark.parametrize(
    "args, code, words",
    [
        (["--user", "ana", "--tz", "Mars/Olympus"], 1, "unknown time zone 'Mars/Olympus'"),
        (["--user", "Ana Smith", "--tz", "UTC"], 1, "invalid user name 'Ana Smith'"),
        (["--user", "ana", "--role", "boss"], 2, "boss"),
        ([], 2, "--user"),
    ],
)
def test_init_refuses_bad_input_and_writes_nothing(home, args, code, words):
    result = run("init", *args, home=home)
    assert result.returncode == code
    assert words in result.stderr and "Traceback" not in result.stderr
    assert not (home / "config.json").exists() and not (home / "baton.db").exists()


@pytest.mark.parametrize(
    "args",
    [
        ["list"],
        ["show", "abc123"],
        ["new", "relay", "--title", "Acme", "--to", "ben"],
        ["templates", "list"],
        ["send", "abc123"],
    ],
)
def test_commands_before_init(home, args):
    result = run(*args, home=home)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [f"baton: no replica in {home}: run `baton init --user USER` first"]


# ---- new, set, clear ---------------------------------------------------------------


def test_new_prints_the_id(cli_team):
    result = cli_team("ana", "new", "relay", "--title", "Acme — 40 seats", "--to", "ben", "--due", "2099-12-01")
    assert result.returncode == 0, result.stderr
    handoff = result.stdout.strip()
    assert HEX32.match(handoff)
    assert "nobody called ben has synced yet" in result.stderr
    shown = json.loads(ok(cli_team, "ana", "show", handoff[:8], "--json"))
    assert (shown["id"], shown["status"], shown["due"], shown["receiver"]) == (handoff, "draft", "2099-12-01", "ben")


def test_new_refusals(cli_team):
    for args, code, words in [
        (["new", "nope", "--title", "Acme deal", "--to", "ben"], 4, "no template 'nope'"),
        (["new", "relay", "--title", "Acme deal", "--to", "ben", "--due", "2026-02-30"], 1, "has no day 30"),
        (
            ["new", "relay", "--title", "Acme deal", "--to", "ben", "--due", "when it suits"],
            1,
            "is not a day: use YYYY-MM-DD, today, tomorrow",
        ),
        (["new", "relay", "--title", "Acme deal", "--to", "ana"], 1, "someone else"),
        (["new", "relay", "--title", "  ", "--to", "ben"], 1, "title"),
        (["new", "relay", "--title", "Acme deal", "--to", "Ben!"], 1, "invalid user name"),
        (["new", "relay", "--title", "Acme deal"], 1, "nobody can receive for the beta stage"),
    ]:
        refused(cli_team, "ana", code, *args, match=words)


def test_set_and_clear(cli_team):
    handoff = cli_team.new()
    assert ok(cli_team, "ana", "set", handoff[:6], "seats", "1200") == "0/7 required done; 7 items block sending.\n"
    assert ok(cli_team, "ana", "set", handoff, "signed") == "1/7 required done; 6 items block sending.\n"
    shown = json.loads(ok(cli_team, "ana", "show", handoff, "--json"))
    items = {item["id"]: item for item in shown["items"]}
    assert items["seats"]["value"] == 1200 and items["seats"]["problem"] == "above the maximum of 500"
    assert items["signed"]["value"] is True and items["signed"]["set_by"] == "ana"
    assert ok(cli_team, "ana", "clear", handoff, "seats") == "1/7 required done; 6 items block sending.\n"
    assert json.loads(ok(cli_team, "ana", "show", handoff, "--json"))["items"][5]["value"] is None


def test_set_refusals_leave_the_database_untouched(cli_team):
    handoff = cli_team.new()
    for item, value, code, words in [
        ("kickoff", "03/12/2026", 1, "not in the form YYYY-MM-DD"),
        ("seats", "forty", 1, "is not a number"),
        ("plan", "gold", 1, "is not one of: starter, growth, enterprise"),
        ("folder", "drive", 1, "not a web address"),
        ("signed", "maybe", 1, "is a check"),
        ("nope", "x", 4, "has no item `nope`"),
    ]:
        refused(cli_team, "ana", code, "set", handoff, item, value, match=words)
    refused(cli_team, "ana", 2, "set", handoff, match="Missing argument 'ITEM_ID'")


def test_an_unknown_item_is_not_found_for_new_as_for_set(cli_team):
    """`new --set nope=1` exited 1 where `set ID nope 1` exits 4: the same mistake, two codes."""
    result = cli_team("ana", "new", "relay", "--title", "Acme", "--to", "ben", "--set", "seets=40")
    assert result.returncode == 4 and result.stdout == ""
    assert "has no item `seets` (did you mean `seats`?)" in result.stderr


def test_clear_refusals(cli_team):
    handoff = cli_team.new()
    refused(cli_team, "ana", 4, "clear", handoff, "nope", match="no item `nope`")
    before = dump(cli_team.home)
    result = cli_team("ana", "clear", handoff, "code")
    assert result.returncode == 0 and "nothing written" in result.stdout
    assert dump(cli_team.home) == before


# ---- the gate --------------------------------------------------------------------


def test_send_blocked_exits_3_with_every_blocker(cli_team):
    handoff = cli_team.new()
    ok(cli_team, "ana", "set", handoff, "seats", "0")
    result = cli_team("ana", "send", handoff)
    assert result.returncode == 3
    lines = result.stderr.strip().splitlines()
    assert lines[0] == "baton: cannot send: 7 items still block it"
    assert [line.split(":")[0].strip(" ✗") for line in lines[1:]] == [
        "signed",
        "summary",
        "code",
        "kickoff",
        "folder",
        "seats",
        "plan",
    ]
    assert "  ✗ seats: below the minimum of 1 — Seats sold" in lines
    assert "Traceback" not in result.stderr
    assert json.loads(ok(cli_team, "ana", "show", handoff, "--json"))["status"] == "draft"


def test_send_when_the_gate_passes(cli_team):
    handoff = cli_team.prepared()
    result = cli_team("ana", "send", handoff)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Sent to ben.")


# ---- the receiver and the lead ------------------------------------------------------


def test_accept(cli_team):
    handoff = cli_team.prepared(sent=True)
    refused(cli_team, "cal", 5, "accept", handoff, match="only ben (the receiver)")
    assert ok(cli_team, "ben", "accept", handoff) == "Accepted. You own “Acme — 40 seats” now.\n"
    shown = json.loads(ok(cli_team, "ana", "show", handoff, "--json"))
    assert (shown["status"], shown["owner"], shown["next"]) == ("accepted", "ben", "ben")
    refused(cli_team, "ben", 5, "accept", handoff, match="the handoff was already accepted")


def test_return_and_resend(cli_team):
    handoff = cli_team.prepared(sent=True)
    refused(cli_team, "ben", 1, "return", handoff, "--reason", "no", match="reason")
    refused(cli_team, "ben", 2, "return", handoff, match="Missing option '--reason'")
    assert ok(cli_team, "ben", "return", handoff, "--reason", "The summary is vague.") == "Returned to ana.\n"
    shown = json.loads(ok(cli_team, "ana", "show", handoff, "--json"))
    assert (shown["status"], shown["owner"], shown["returns"], shown["last_return_reason"]) == (
        "returned",
        "ana",
        1,
        "The summary is vague.",
    )
    assert {i["id"]: i["value"] for i in shown["items"]}["seats"] == 40
    ok(cli_team, "ana", "set", handoff, "summary", "Close the books in three days by March.")
    ok(cli_team, "ana", "send", handoff)
    listed = json.loads(ok(cli_team, "ben", "list", "--inbox", "--json"))
    assert [(h["id"], h["status"], h["returns"]) for h in listed] == [(handoff, "sent", 1)]


def test_cancel(cli_team):
    handoff = cli_team.prepared()
    refused(cli_team, "ben", 5, "cancel", handoff, "--reason", "Not mine to cancel.", match="only ana")
    refused(cli_team, "ana", 1, "cancel", handoff, "--reason", "meh", match="reason")
    assert ok(cli_team, "ana", "cancel", handoff, "--reason", "Client walked away.") == "Cancelled.\n"
    shown = json.loads(ok(cli_team, "ana", "show", handoff, "--json"))
    assert (shown["status"], shown["cancel_reason"]) == ("cancelled", "Client walked away.")


def test_reassign(cli_team):
    handoff = cli_team.prepared(sent=True)
    refused(cli_team, "ana", 5, "reassign", handoff, "--to", "cal", match="only ben")
    refused(cli_team, "ben", 1, "reassign", handoff, "--to", "ana", match="is the sender")
    assert ok(cli_team, "lea", "reassign", handoff, "--to", "cal") == "Reassigned: cal has the next step.\n"
    shown = json.loads(ok(cli_team, "cal", "show", handoff, "--json"))
    assert (shown["receiver"], shown["next"]) == ("cal", "cal")


def test_waive(cli_team):
    handoff = cli_team.new()
    refused(cli_team, "ana", 5, "waive", handoff, "code", "--reason", "No code yet for them.", match="only a lead")
    refused(cli_team, "lea", 4, "waive", handoff, "nope", "--reason", "No such item here.")
    assert "items block sending" in ok(cli_team, "lea", "waive", handoff, "code", "--reason", "No code yet for them.")
    code = {i["id"]: i for i in json.loads(ok(cli_team, "ana", "show", handoff, "--json"))["items"]}["code"]
    assert code["waived"]["reason"] == "No code yet for them." and code["waived"]["by"] == "lea"


def test_someone_elses_handoff(cli_team):
    handoff = cli_team.prepared()
    refused(cli_team, "ben", 5, "set", handoff, "seats", "41", match="only ana (the sender) or a lead")
    refused(cli_team, "ben", 5, "send", handoff, match="only ana (the sender)")
    refused(cli_team, "ben", 5, "accept", handoff, match="only a sent handoff")


def test_undo(cli_team):
    handoff = cli_team.prepared()
    ok(cli_team, "ana", "send", handoff)
    assert ok(cli_team, "ana", "undo", handoff) == "Undone: recalled the send to ben.\n"
    assert json.loads(ok(cli_team, "ana", "show", handoff, "--json"))["status"] == "draft"
    refused(cli_team, "ben", 1, "undo", handoff, match="nothing of yours to undo")


def test_undo_after_a_return_says_a_return_stays(cli_team):
    """The receiver's last change was the return: undo names it instead of saying there is nothing."""
    handoff = cli_team.prepared()
    ok(cli_team, "ana", "send", handoff)
    ok(cli_team, "ben", "return", handoff, "--reason", "The seat count is missing here")
    refused(cli_team, "ben", 5, "undo", handoff, match="you returned it, and that cannot be undone")
    assert json.loads(ok(cli_team, "ben", "show", handoff, "--json"))["status"] == "returned"


def test_comment(cli_team):
    handoff = cli_team.prepared()
    assert ok(cli_team, "ben", "comment", handoff, "Is the code final?") == "Comment added.\n"
    refused(cli_team, "ben", 1, "comment", handoff, "   ", match="comment")
    comments = json.loads(ok(cli_team, "ana", "show", handoff, "--json"))["comments"]
    assert [(c["author"], c["text"]) for c in comments] == [("ben", "Is the code final?")]


# ---- ids -------------------------------------------------------------------------


def test_unknown_id(cli_team):
    for command in (
        ["show"],
        ["history"],
        ["send"],
        ["accept"],
        ["undo"],
        ["set", "_", "code", "ACM-1"],
        ["comment", "_", "Hello there"],
        ["return", "_", "--reason", "Not for me."],
    ):
        args = [arg if arg != "_" else "abcdef12" for arg in command]
        if args == command:
            args.append("abcdef12")
        refused(cli_team, "ana", 4, *args, match="no handoff 'abcdef12'")


def test_not_hex_id(cli_team):
    refused(cli_team, "ana", 4, "show", "zz-top", match="ids are hexadecimal")


def test_ambiguous_prefix(cli_team):
    ana = cli_team.replica("ana")
    made: dict[str, list[str]] = {}
    while not any(len(ids) > 1 for ids in made.values()):
        handoff = ana.create("relay", "One of many", "ben")
        made.setdefault(handoff[0], []).append(handoff)
    first, second = next(ids for ids in made.values() if len(ids) > 1)
    refused(cli_team, "ana", 4, "show", first[0], match="is ambiguous")
    common = 0
    while first[common] == second[common]:
        common += 1
    assert json.loads(ok(cli_team, "ana", "show", first[: common + 1].upper(), "--json"))["id"] == first


# ---- list, show, history --------------------------------------------------------------


def test_list_filters_and_json(cli_team):
    draft = cli_team.prepared()
    sent = cli_team.prepared(sent=True)
    cal = cli_team.replica("cal")
    elsewhere = cal.create("relay", "Cal's own draft", "lea")

    def ids(user: str, *flags: str) -> set[str]:
        return {row["id"] for row in json.loads(ok(cli_team, user, "list", "--json", *flags))}

    assert ids("ana") == {draft, sent}
    assert ids("ana", "--outbox") == {draft, sent}
    assert ids("ana", "--inbox") == set()
    assert ids("ben") == ids("ben", "--inbox") == {sent}
    assert ids("ana", "--status", "draft") == {draft}
    assert ids("ana", "--all") == {draft, sent, elsewhere}
    assert ids("ana", "--all", "--status", "sent") == {sent}

    rows = json.loads(ok(cli_team, "ana", "list", "--json", "--all"))
    for row in rows:
        assert set(row) == LIST_KEYS
        assert row["id"].startswith(row["short_id"]) and len(row["short_id"]) >= 6
    row = next(r for r in rows if r["id"] == sent)
    assert row["template"] == {"id": "relay", "version": 1}
    assert (row["status"], row["sender"], row["receiver"], row["owner"], row["next"]) == (
        "sent",
        "ana",
        "ben",
        "ana",
        "ben",
    )
    assert row["progress"] == {"done": 7, "required": 7} and row["blockers"] == 0
    assert row["sent_at"].endswith("Z") and row["answer_by"].endswith("Z")

    text = ok(cli_team, "ana", "list")
    assert text.splitlines()[0].split()[:3] == ["ID", "STATUS", "TRANSITION"]
    assert text.strip().endswith("2 handoffs (times in UTC)")
    refused(cli_team, "ana", 2, "list", "--status", "lost", match="Invalid value for '--status'")


def test_list_is_empty_for_a_new_replica(cli_team):
    assert ok(cli_team, "ana", "list", "--json") == "[]\n"
    assert ok(cli_team, "ana", "list").startswith("No handoffs here.")


def test_show_json_is_stable(cli_team):
    handoff = cli_team.prepared(sent=True)
    shown = json.loads(ok(cli_team, "ana", "show", handoff, "--json"))
    assert set(shown) == SHOW_KEYS
    assert set(shown["template"]) >= {"id", "version", "title", "trigger", "accept_within_hours"}
    for item in shown["items"]:
        assert set(item) == ITEM_KEYS
    assert [item["id"] for item in shown["items"]][:3] == ["signed", "summary", "code"]
    assert shown["blockers"] == [] and shown["send_refused"] is None
    assert {"event", "kind", "author", "at", "summary", "applied", "reason"} == set(shown["history"][0])
    assert shown["history"][-1]["kind"] == "sent"
    again = json.loads(ok(cli_team, "ana", "show", handoff, "--json"))
    assert again == shown


def test_show_text(cli_team):
    handoff = cli_team.prepared()
    text = ok(cli_team, "ana", "show", handoff)
    assert text.startswith("Acme — 40 seats\n")
    assert "status: draft   owner: ana   next: ana" in text
    assert "Checklist — 7/7 required done" in text and "Gate: Ready to send." in text


def test_history_lines(cli_team):
    handoff = cli_team.prepared()
    ok(cli_team, "ana", "set", handoff, "seats", "41")
    lines = ok(cli_team, "ana", "history", handoff).splitlines()
    assert len(lines) == 9
    assert re.match(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}  ana\s+created from relay v1 for ben", lines[0])
    assert lines[-1].endswith("set seats: 40 → 41")


# ---- the demo -----------------------------------------------------------------------


def test_demo_builds_every_status(tmp_path):
    home = tmp_path / "demo"
    result = run("demo", "--home", home, home=tmp_path / "unused")
    assert result.returncode == 0, result.stderr
    assert "you are Maya Okafor (maya, lead" in result.stdout
    rows = json.loads(run("list", "--all", "--json", home=home).stdout)
    assert {row["status"] for row in rows} == {"draft", "sent", "returned", "accepted", "cancelled"}
    assert any(row["returns"] for row in rows)
    result = run("demo", "--home", home, home=tmp_path / "unused")
    assert result.returncode == 1 and "already holds the demo; pass --reset" in result.stderr
    assert run("demo", "--home", home, "--reset", home=tmp_path / "unused").returncode == 0


def test_demo_viewer_acts_as_lead(tmp_path):
    home = tmp_path / "demo"
    assert run("demo", home=home).returncode == 0
    rows = json.loads(run("list", "--all", "--json", home=home).stdout)
    waiting = next(r for r in rows if r["status"] == "sent" and r["receiver"] == "maya")
    result = run("accept", waiting["short_id"], home=home)
    assert result.returncode == 0, result.stderr
    other = next(r for r in rows if r["status"] == "sent" and r["receiver"] != "maya")
    before = dump(home)
    result = run("accept", other["short_id"], home=home)
    assert result.returncode == 5 and "(the receiver)" in result.stderr
    assert dump(home) == before


def test_damaged_config_is_one_clear_line(cli_team):
    (cli_team.home / "config.json").write_text("{not json")
    result = run("show", "abcdef", home=cli_team.home)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"baton: {cli_team.home / 'config.json'} is damaged: " + result.stderr.split("is damaged: ", 1)[1].strip()
    ]
    assert "Traceback" not in result.stderr


def test_a_write_while_another_baton_holds_the_database_says_so_and_changes_nothing(cli_team, monkeypatch):
    handoff = cli_team.new()
    monkeypatch.setattr("baton.core.busy.BUSY_TIMEOUT_MS", 200)  # the wait itself is SQLite's; a fifth of a second
    # proves the same refusal as the 5 s users get
    before = ok(cli_team, "ana", "show", handoff, "--json")
    other = sqlite3.connect(cli_team.home / "baton.db")
    other.execute("BEGIN IMMEDIATE")  # as the app's sync does for a whole import
    try:
        result = cli_team("ana", "set", handoff, "signed")
    finally:
        other.rollback()
        other.close()
    assert result.returncode == 1
    assert result.stderr == (
        "baton: the database is busy: another baton is writing to it (a sync?); nothing was changed, try again\n"
    )
    assert ok(cli_team, "ana", "show", handoff, "--json") == before


def test_every_connection_waits_five_seconds_for_another_writer(cli_team):
    """The busy test above waits a fifth of a second; what users get is SQLite waiting 5 s before that refusal."""
    from baton.core.queues import connect
    from baton.core.store import Store

    store = Store(cli_team.home / "baton.db")
    reader = connect(cli_team.home / "baton.db")
    try:
        assert store.conn.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
        assert reader.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
    finally:
        store.close()
        reader.close()
