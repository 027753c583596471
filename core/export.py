"""Exports: handoffs (and their item values) as CSV or JSON for spreadsheets and scripts.

The columns are a contract, documented in the README: they are only ever added
to, never renamed or removed. Times are UTC ISO 8601. In CSV, with items, there
is one row per item, the handoff's columns repeated on each; an item's `value`
is written as a person reads it (`yes`/`no` for checks, plain numbers, the text
itself), which `baton set` would accept back. In JSON, values keep their type.
A CSV cell a spreadsheet would run as a formula gets a leading `'` (spreadsheet_cells);
JSON stays exact.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from .deadlines import waiting_answer_by_sql
from .spreadsheet_cells import safe_cell
from .times import iso, iso_sql
from .values import format_number

HANDOFF_COLUMNS = (
    "id",
    "title",
    "template_id",
    "template_version",
    "from_stage",
    "to_stage",
    "status",
    "sender",
    "receiver",
    "owner",
    "next",
    "due",
    "created_at",
    "first_sent_at",
    "sent_at",
    "answered_at",
    "answer_by",
    "required_done",
    "required_total",
    "blockers",
    "returns",
    "last_return_reason",
    "conflicts",
    "updated_at",
)
ITEM_COLUMNS = (
    "item_id",
    "item_position",
    "item_text",
    "item_kind",
    "item_required",
    "item_applies",
    "item_value",
    "item_set_by",
    "item_set_at",
    "item_waived",
    "item_waiver_reason",
    "item_waived_by",
    "item_problem",
)


_iso = iso_sql


HANDOFF_SQL = f"""
    SELECT id, title, template_id, template_version, from_stage, to_stage, status, sender, receiver, owner,
           NULLIF(next_actor, ''), due, {_iso("created_at")}, {_iso("first_sent_at")}, {_iso("sent_at")},
           {_iso("answered_at")},
           {_iso(waiting_answer_by_sql())},
           required_done, required_total, blockers, return_count, NULLIF(return_reason, ''), conflicts,
           {_iso("updated_at")}
    FROM handoffs WHERE (:status IS NULL OR status = :status) AND created_at >= :since ORDER BY created_at, id"""
"""The handoff columns in HANDOFF_COLUMNS order, formatted by SQLite (fast on 100,000 rows)."""


def handoff_rows(
    conn: sqlite3.Connection, status: str | None = None, since: int | None = None
) -> Iterator[tuple[Any, ...]]:
    """Handoffs (created at or after `since`, of `status`) as tuples in HANDOFF_COLUMNS order, oldest first."""
    params = {"status": status, "since": since if since is not None else -(2**62)}
    for row in conn.execute(HANDOFF_SQL, params):
        yield tuple(row)


def item_rows(conn: sqlite3.Connection, handoff_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Each handoff's items in checklist order, values typed as stored."""
    found: dict[str, list[dict[str, Any]]] = {}
    for start in range(0, len(handoff_ids), 500):
        chunk = handoff_ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for row in conn.execute(
            f"SELECT * FROM items WHERE handoff_id IN ({marks}) ORDER BY handoff_id, position", chunk
        ):
            value = None if row["value"] is None else json.loads(row["value"])
            applies = bool(row["counts"])
            shows_problem = applies and (bool(row["required"]) or value is not None) and not row["waived"]
            found.setdefault(row["handoff_id"], []).append(
                {
                    "item_id": row["item_id"],
                    "item_position": row["position"],
                    "item_text": row["text"],
                    "item_kind": row["kind"],
                    "item_required": bool(row["required"]),
                    "item_applies": applies,
                    "item_value": value,
                    "item_set_by": row["set_by"],
                    "item_set_at": iso(row["set_at"]),
                    "item_waived": bool(row["waived"]),
                    "item_waiver_reason": row["waiver_reason"],
                    "item_waived_by": row["waived_by"],
                    "item_problem": row["problem"] if shows_problem else None,
                }
            )
    return found


def export_text(
    conn: sqlite3.Connection, fmt: str = "csv", status: str | None = None, since: int | None = None, items: bool = False
) -> str:
    """The whole export as text, in `fmt` (csv or json)."""
    return "".join(export_chunks(conn, fmt, status, since, items))


CHUNK = 500
"""Handoffs whose items are read and written together: an export of 100,000 handoffs
with their items holds one chunk in memory, not a million item rows."""


def export_chunks(
    conn: sqlite3.Connection, fmt: str = "csv", status: str | None = None, since: int | None = None, items: bool = False
) -> Iterator[str]:
    """The export as consecutive pieces of text (`export_text` joined), written as they are made."""
    handoffs = handoff_rows(conn, status, since)
    if fmt == "json":
        yield from _json_chunks(conn, handoffs, items)
        return
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180: a cell holding a lone \r is quoted too
    writer.writerow(HANDOFF_COLUMNS + (ITEM_COLUMNS if items else ()))
    for chunk in _chunked(handoffs):
        if not items:
            writer.writerows(tuple(safe_cell(c) for c in row) for row in chunk)
        else:
            values = item_rows(conn, [h[0] for h in chunk])
            for row in chunk:
                handoff = tuple(safe_cell(c) for c in row)
                for item in values.get(row[0], []):
                    cells = {**item, "item_value": value_text(item["item_kind"], item["item_value"])}
                    writer.writerow(handoff + tuple(safe_cell(_cell(cells[c])) for c in ITEM_COLUMNS))
        yield out.getvalue()
        out.seek(0)
        out.truncate()
    yield out.getvalue()


def _json_chunks(conn: sqlite3.Connection, handoffs: Iterator[tuple[Any, ...]], items: bool) -> Iterator[str]:
    """`json.dumps(documents, indent=2, ensure_ascii=False)` and a newline, one chunk of documents at a time."""
    first = True
    for chunk in _chunked(handoffs):
        values = item_rows(conn, [h[0] for h in chunk]) if items else {}
        pieces = []
        for row in chunk:
            handoff: dict[str, Any] = dict(zip(HANDOFF_COLUMNS, row))
            if items:
                handoff["items"] = [
                    {k.removeprefix("item_"): v for k, v in item.items()} for item in values.get(handoff["id"], [])
                ]
            text = json.dumps(handoff, indent=2, ensure_ascii=False).replace("\n", "\n  ")
            pieces.append(("[\n  " if first else ",\n  ") + text)
            first = False
        yield "".join(pieces)
    yield "[]\n" if first else "\n]\n"


def _chunked(rows: Iterator[tuple[Any, ...]]) -> Iterator[list[tuple[Any, ...]]]:
    chunk: list[tuple[Any, ...]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def value_text(kind: str, value: Any) -> str:
    """An item value as a spreadsheet cell: what a person reads, and what `baton set` accepts back."""
    if value is None:
        return ""
    if kind == "check":
        return "yes" if value is True else "no"
    if kind == "number" and isinstance(value, (int, float)) and not isinstance(value, bool):
        return format_number(value)
    return str(value)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def write_output(path: Path, text: str | Iterable[str]) -> None:
    """Write `text` (or its pieces, as they come) to `path` whole or not at all (temp file in the same folder, then rename)."""
    from .errors import BatonError

    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise BatonError(f"cannot write {path}: the folder {folder} does not exist")
    if path.is_dir():
        raise BatonError(f"cannot write {path}: it is a folder")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.writelines([text] if isinstance(text, str) else text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
