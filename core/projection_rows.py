"""The projection tables' rows for folded handoffs: what `Store.write_projection` inserts.

Pure: a folded handoff in, tuples in each table's column order out (schema.py), so
the same function serves a write of one handoff and an import of a million events.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring_ascii
from typing import Any

from .answer_warnings import recorded_vague
from .gate import Assessment, assess
from .projection import HandoffState
from .record import field, record
from .round_rows import SEND_FIELDS
from .rounds import send_rounds
from .schema import HANDOFF_FIELDS


def _value_json(value: Any) -> str:
    """`json.dumps(value)`; a text (most answers) straight through the C encoder json.dumps ends in."""
    return encode_basestring_ascii(value) if type(value) is str else json.dumps(value)


@record
class ProjectionRows:
    """Rows for each projection table, in its column order."""

    handoffs: list[tuple[Any, ...]] = field(default_factory=list)
    items: list[tuple[Any, ...]] = field(default_factory=list)
    """(handoff id, position, template, the `item_rows` columns from `counts` to `problem`, the id of the
    event the value came from or None): item_rows.py puts numbers in place of the names, the template
    and the event."""
    comments: list[tuple[Any, ...]] = field(default_factory=list)
    conflicts: list[tuple[Any, ...]] = field(default_factory=list)
    blocks: list[tuple[Any, ...]] = field(default_factory=list)
    """(handoff id, which of its blocked send attempts, item, at): a `block_rows` row but for the handoff's number."""
    sends: list[dict[str, Any]] = field(default_factory=list)
    """Each send round (rounds.py) by the names of ROUND_INSERT's parameters: its SEND_FIELDS, its
    transition and how many distinct items its vague answers named."""
    vague: list[tuple[Any, ...]] = field(default_factory=list)


def handoff_tuple(state: HandoffState, found: Assessment) -> tuple[Any, ...]:
    """The `handoffs` row of a handoff that exists, in HANDOFF_FIELDS order."""
    template = state.template
    assert template is not None, "only a handoff that exists has a row"
    return (
        state.id,
        template.id,
        template.version,
        template.from_stage,
        template.to_stage,
        state.title,
        state.sender,
        state.receiver,
        state.owner,
        state.next_actor,
        state.status,
        state.due,
        state.created_at,
        state.first_sent_at,
        state.sent_at,
        state.answered_at,
        template.accept_within_hours,
        found.done,
        found.total,
        len(found.blockers),
        state.return_count,
        state.return_reason,
        len(state.conflicts) + bool(state.unapproved),
        state.updated_at,
        state.answer_by,
    )


def handoff_record(state: HandoffState) -> dict[str, Any]:
    """The `handoffs` row of a folded handoff as a dict, as a query of the table would give it."""
    assert state.template is not None, "only a handoff that exists has a row"
    found = assess(state.template, state.values, frozenset(state.waivers), state.judged_at)
    return dict(zip(HANDOFF_FIELDS, handoff_tuple(state, found), strict=True))


def projection_rows(states: list[HandoffState]) -> ProjectionRows:
    rows = ProjectionRows()
    items, comments, blocks = rows.items, rows.comments, rows.blocks
    for state in states:
        for conflict in state.conflicts:
            rows.conflicts.append(
                (conflict.event_id, state.id, conflict.kind, conflict.author, conflict.at, conflict.reason)
            )
        if state.unapproved:  # the created event stands; its checklist is flagged (and its sends refused)
            rows.conflicts.append(
                (state.created_event, state.id, "created", state.sender, state.created_at, state.unapproved)
            )
        if not state.exists or state.template is None:
            continue
        template = state.template
        values, waivers, value_meta = state.values, state.waivers, state.value_meta
        found = assess(template, values, frozenset(waivers), state.judged_at)
        rows.handoffs.append(handoff_tuple(state, found))
        for position, (item_id, _kind, _required, _text) in enumerate(template.columns):
            value = values.get(item_id)
            waiver = waivers.get(item_id)
            meta = value_meta.get(item_id)
            items.append(
                (
                    state.id,
                    position,
                    template,
                    int(found.counts[position]),
                    None if value is None else _value_json(value),
                    meta[0] if meta else None,
                    meta[1] if meta else None,
                    int(waiver is not None),
                    waiver[0] if waiver else None,
                    waiver[1] if waiver else None,
                    found.problems[position],
                    state.value_events.get(item_id) if value is not None else None,
                )
            )
        for comment in state.comments:
            if not comment.retracted:
                comments.append((comment.id, state.id, comment.author, comment.at, comment.text))
        for index, (at, item_ids) in enumerate(state.blocked_sends):
            for item_id in set(item_ids):
                blocks.append((state.id, index, item_id, at))
        vague: dict[str, set[Any]] = {}
        for event_id, payload in state.vague_sends:
            recorded = recorded_vague(payload)
            rows.vague += [(event_id, state.id, i, c) for i, c in recorded]
            vague.setdefault(event_id, set()).update(i for i, _ in recorded)
        for send in send_rounds(state):
            rows.sends.append(
                dict(
                    zip(SEND_FIELDS, send, strict=True),
                    template_id=template.id,
                    from_stage=template.from_stage,
                    to_stage=template.to_stage,
                    vague_items=len(vague.get(send[0], ())),
                )
            )
    return rows
