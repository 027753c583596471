"""The brief and the exports: every item kind round-trips through CSV and JSON, and
the brief shows values, who set them when (viewer's zone), waivers, comments, open
questions and what is still missing.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3

import pytest
from conftest import Team

from baton.core.brief import brief_markdown, open_questions
from baton.core.errors import BatonError
from baton.core.export import HANDOFF_COLUMNS, ITEM_COLUMNS, export_text, write_output
from baton.core.timezones import format_time
from baton.core.values import parse

EVERY_KIND = {
    "signed": None,  # check
    "summary": 'Close the books in three days, not eight; "quoted", with a comma',
    "code": "ACM-42",  # text with a pattern
    "kickoff": "2026-12-03",  # date
    "folder": "https://drive.example.com/acme?x=1&y=2",  # url
    "seats": "40.5",  # number (not an integer)
    "plan": "enterprise",  # choice
    "security": "Dana Ruiz\nsecond line of notes",  # conditional text, two lines
    "review-date": "2026-12-10",  # conditional on a text being set
    "reviewed": "no",  # optional check, answered no
}


@pytest.fixture
def filled(team: Team) -> tuple[Team, str, sqlite3.Connection]:
    handoff = team.draft(title="Acme — 40 seats, enterprise")
    for item_id, raw in EVERY_KIND.items():
        team["ana"].set_item(handoff, item_id, raw)
    conn = sqlite3.connect(team.store.path)
    conn.row_factory = sqlite3.Row
    yield team, handoff, conn
    conn.close()


def test_json_export_round_trips_every_item_kind(filled):
    team, handoff, conn = filled
    state = team.store.state(handoff)
    [document] = json.loads(export_text(conn, "json", items=True))
    assert [k for k in document if k != "items"] == list(HANDOFF_COLUMNS)
    assert document["id"] == handoff and document["status"] == "draft" and document["next"] == "ana"
    values = {i["id"]: i["value"] for i in document["items"] if i["value"] is not None}
    assert values == state.values
    assert {i["kind"] for i in document["items"]} == {"check", "text", "date", "url", "number", "choice"}
    seats = next(i for i in document["items"] if i["id"] == "seats")
    assert seats["value"] == 40.5 and seats["set_by"] == "ana" and seats["set_at"].endswith("Z")
    assert json.loads(export_text(conn, "json"))[0].get("items") is None


def test_csv_export_round_trips_every_item_kind(filled):
    team, handoff, conn = filled
    state = team.store.state(handoff)
    rows = list(csv.DictReader(io.StringIO(export_text(conn, "csv", items=True))))
    assert list(rows[0]) == list(HANDOFF_COLUMNS + ITEM_COLUMNS)
    assert len(rows) == len(state.template.items)
    back = {}
    for row in rows:
        assert row["id"] == handoff and row["title"] == "Acme — 40 seats, enterprise"
        if row["item_value"]:
            back[row["item_id"]] = parse(state.template.item(row["item_id"]), row["item_value"])
    assert back == state.values
    plain = list(csv.DictReader(io.StringIO(export_text(conn, "csv"))))
    assert len(plain) == 1 and list(plain[0]) == list(HANDOFF_COLUMNS)


def test_export_filters_by_status_and_since(filled):
    team, handoff, conn = filled
    team.wall.advance(3_600_000)
    later = team.draft(title="Second one")
    assert [d["id"] for d in json.loads(export_text(conn, "json"))] == [handoff, later]
    assert [d["id"] for d in json.loads(export_text(conn, "json", since=team.wall.now - 60_000))] == [later]
    assert json.loads(export_text(conn, "json", status="sent")) == []
    assert export_text(conn, "csv", status="sent").splitlines() == [",".join(HANDOFF_COLUMNS)]


def test_waiver_and_problem_columns(team: Team):
    handoff = team.draft()
    team.fill(handoff, seats="900")
    team["lea"].waive(handoff, "seats", "Seats are in the order form")
    conn = sqlite3.connect(team.store.path)
    conn.row_factory = sqlite3.Row
    rows = {r["item_id"]: r for r in csv.DictReader(io.StringIO(export_text(conn, "csv", items=True)))}
    assert rows["seats"]["item_waived"] == "true" and rows["seats"]["item_waived_by"] == "lea"
    assert rows["seats"]["item_waiver_reason"] == "Seats are in the order form"
    assert rows["seats"]["item_problem"] == ""
    assert rows["notes"]["item_problem"] == "" and rows["notes"]["item_value"] == ""
    conn.close()


def test_brief_has_everything_the_receiver_needs(filled):
    team, handoff, conn = filled
    team["ana"].clear_item(handoff, "code")  # a filled item is not waived (waivable.py)
    team["lea"].waive(handoff, "code", "Billing assigns the code at kickoff")
    team["ben"].comment(handoff, "Is the kickoff on site or remote?")
    state = team.store.state(handoff)
    mates = {"ben": {"display_name": "Ben Carter", "tz": "America/New_York"}}
    text = brief_markdown(state, "Asia/Singapore", team.wall.now, mates)
    assert text.startswith("# Handoff brief: Acme — 40 seats, enterprise\n")
    assert "## Trigger\n\nWork is ready" in text
    assert "Ben Carter (ben)" in text and "ana (not synced yet)" in text
    assert "Times** are in Asia/Singapore" in text
    stamp = format_time(state.value_meta["seats"][1], "Asia/Singapore")
    assert f"(`seats`, number, required): 40.5 — set by ana, {stamp}" in text
    assert "Dana Ruiz\n    second line of notes" in text
    assert "(`reviewed`, check, optional): no" in text
    assert "`code` waived by lea" in text and "Billing assigns the code at kickoff" in text
    assert "**ben:** Is the kickoff on site or remote?" in text
    assert "ben asked: Is the kickoff on site or remote?" in text
    assert "`notes` Anything unusual: not answered (optional)" in text
    assert "## Still missing\n\n- nothing" in text


def test_brief_lists_blockers_and_answered_questions_drop_out(team: Team):
    handoff = team.draft()
    team["ana"].set_item(handoff, "seats", "900")
    team["ben"].comment(handoff, "Which plan did they buy?")
    team["ana"].comment(handoff, "Growth, filling it in now.")
    state = team.store.state(handoff)
    text = brief_markdown(state, "UTC", team.wall.now)
    assert "`seats` Seats sold: above the maximum of 500" in text
    assert "`signed` Contract signed: not checked" in text
    assert not any("asked" in q for q in open_questions(state))


def test_write_output_refuses_a_missing_folder_and_writes_nothing(tmp_path):
    with pytest.raises(BatonError, match="does not exist"):
        write_output(tmp_path / "nowhere" / "brief.md", "text")
    assert not (tmp_path / "nowhere").exists()
    write_output(tmp_path / "brief.md", "one")
    write_output(tmp_path / "brief.md", "two")
    assert (tmp_path / "brief.md").read_text() == "two"
    assert [p.name for p in tmp_path.iterdir()] == ["brief.md"]


@pytest.mark.parametrize("fmt", ["json", "csv"])
@pytest.mark.parametrize("items", [False, True])
def test_an_export_written_in_pieces_is_the_export_made_whole(filled, monkeypatch, fmt, items):
    """Pieces of one handoff each (so every boundary is crossed) join to the same bytes as one piece of all."""
    import baton.core.export as export

    team, _, conn = filled
    for title in ("Second one", "Third one"):
        team.draft(title=title)
    whole = export_text(conn, fmt, items=items)
    monkeypatch.setattr(export, "CHUNK", 1)
    pieces = list(export.export_chunks(conn, fmt, items=items))
    assert len(pieces) >= 3 and "".join(pieces) == whole
    if fmt == "json":
        documents = json.loads(whole)
        assert len(documents) == 3 and whole == json.dumps(documents, indent=2, ensure_ascii=False) + "\n"
    assert export_text(conn, fmt, status="cancelled", items=items) == (
        "[]\n" if fmt == "json" else ",".join(HANDOFF_COLUMNS + (ITEM_COLUMNS if items else ())) + "\r\n"
    )
