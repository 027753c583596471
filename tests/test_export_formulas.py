"""CSV export writes teammates' text so a spreadsheet shows it and never runs it; JSON stays exact."""

from __future__ import annotations

import csv
import io
import json
import sqlite3

from conftest import Team
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from baton.core.errors import BatonError
from baton.core.export import export_text
from baton.core.spreadsheet_cells import looks_like_formula, safe_cell

STARTS = ["=", "+", "-", "@", "\t", "\r", "'", "a", "1", " ", "-1", "=1+"]
texts = st.builds(lambda start, rest: start + rest, st.sampled_from(STARTS), st.text(max_size=30))


def spreadsheet_reads_as_formula(text: str) -> bool:
    """Independently of the code under test: a formula start, and not just a negative number."""
    if not text or text[0] not in "=+-@\t\r":
        return False
    return not (text[0] == "-" and plain_digits(text[1:]))


def plain_digits(text: str) -> bool:
    """`12`, `12.5`, `1.5e+20`: digits, an optional fraction, an optional exponent."""
    mantissa, _, exponent = text.lower().partition("e")
    whole, dot, fraction = mantissa.partition(".")
    exponent = exponent[1:] if exponent[:1] in ("+", "-") else exponent
    parts = [whole] + ([fraction] if dot else []) + ([exponent] if "e" in text.lower() else [])
    return all(p and p.isascii() and p.isdigit() for p in parts)


def test_formula_title_and_answer_are_neutralised_in_csv_and_exact_in_json(team: Team):
    handoff = team.draft(title='=HYPERLINK("http://x")')
    team["ana"].set_item(handoff, "summary", "@SUM(A1:A9)")
    team["ana"].set_item(handoff, "seats", "-3")
    conn = sqlite3.connect(team.store.path)
    conn.row_factory = sqlite3.Row
    rows = list(csv.DictReader(io.StringIO(export_text(conn, "csv", items=True))))
    assert {r["title"] for r in rows} == {'\'=HYPERLINK("http://x")'}
    values = {r["item_id"]: r["item_value"] for r in rows}
    assert values["summary"] == "'@SUM(A1:A9)" and values["seats"] == "-3"
    [document] = json.loads(export_text(conn, "json", items=True))
    assert document["title"] == '=HYPERLINK("http://x")'
    assert {i["id"]: i["value"] for i in document["items"]}["summary"] == "@SUM(A1:A9)"
    conn.close()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=texts, answer=texts)
def test_every_formula_looking_cell_is_neutralised_and_every_other_cell_unchanged(team: Team, title, answer):
    try:
        handoff = team.draft(title=title)
        team["ana"].set_item(handoff, "summary", answer)
    except BatonError:
        return  # a title or answer baton refuses is never exported
    conn = sqlite3.connect(team.store.path)
    conn.row_factory = sqlite3.Row
    try:
        exact = {d["id"]: d for d in json.loads(export_text(conn, "json", items=True))}
        for row in csv.DictReader(io.StringIO(export_text(conn, "csv", items=True))):
            document = exact[row["id"]]
            item = next(i for i in document["items"] if i["id"] == row["item_id"])
            for cell, text in ((row["title"], document["title"]), (row["item_text"], item["text"])):
                assert cell == ("'" + text if spreadsheet_reads_as_formula(text) else text)
            if item["kind"] == "text" and item["value"] is not None:
                text = item["value"]
                assert row["item_value"] == ("'" + text if spreadsheet_reads_as_formula(text) else text)
    finally:
        conn.close()


@given(st.one_of(st.text(max_size=20), texts, st.from_regex(r"-[0-9._eE+-]{0,8}", fullmatch=True)))
def test_safe_cell_prefixes_exactly_the_formula_looking_texts(text):
    assert looks_like_formula(text) == spreadsheet_reads_as_formula(text)
    assert safe_cell(text) == ("'" + text if spreadsheet_reads_as_formula(text) else text)
    assert safe_cell(12) == 12 and safe_cell(None) is None
