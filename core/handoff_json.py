"""The stable JSON shape of a handoff, for scripts: `baton list --json`, `baton show --json` and hooks.

Keys are a contract (README, "--json output"): only ever added, never renamed or
removed. `handoff_json` makes them from a `handoffs` row, which is what `list` and
hooks read; `show` passes the same row made from the folded handoff
(projection_rows.handoff_record) and adds its details. `baton export` keeps its own
flat columns (export.py, a CSV contract) but shares the time and deadline formulas.

Plain Python without pydantic: `baton list` imports it and must start fast.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .deadlines import row_answer_by
from .times import iso


def handoff_json(row: Mapping[str, Any]) -> dict[str, Any]:
    """The stable keys of one handoff from its `handoffs` row; times are UTC ISO 8601."""
    return {
        "id": row["id"],
        "title": row["title"],
        "template": {"id": row["template_id"], "version": row["template_version"]},
        "from_stage": row["from_stage"],
        "to_stage": row["to_stage"],
        "status": row["status"],
        "sender": row["sender"],
        "receiver": row["receiver"],
        "owner": row["owner"],
        "next": row["next_actor"] or None,
        "progress": {"done": row["required_done"], "required": row["required_total"]},
        "blockers": row["blockers"],
        "due": row["due"],
        "created_at": iso(row["created_at"]),
        "sent_at": iso(row["sent_at"]),
        "answered_at": iso(row["answered_at"]),
        "answer_by": iso(row_answer_by(row)),
        "returns": row["return_count"],
        "last_return_reason": row["return_reason"] or None,
        "conflicts": row["conflicts"],
        "updated_at": iso(row["updated_at"]),
    }
