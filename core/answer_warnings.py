"""Vague-answer warnings on one handoff, as every read path shows them.

`show`, `send`, the brief and the app's gate panel all call `handoff_warnings`:
the checks (built-in, published, the home's file) run over the items that
currently count, with today's date in the viewer's zone. They are warnings, not
blockers: only an item marked `vague = "block"` stops a send, and the gate decides
that (gate.py). Nothing here is stored; a send records what it warned about in
its own event (`vague_payload`), so leads can count it later without running a
check again.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from .answer_checks import AnswerChecks, Finding
from .gate import visible_items
from .projection import HandoffState
from .timezones import to_local


def today_in(tz: str, now: int) -> date:
    """The date on the viewer's calendar at `now` (UTC ms)."""
    return to_local(now, tz).date()


def handoff_warnings(state: HandoffState, checks: AnswerChecks, now: int, tz: str) -> list[Finding]:
    """Every vague answer among the items that count, in template order.

    An item a lead waived is not judged: the waiver, with its reason, already says the handoff goes without
    that answer, so a warning on it (and a vague answer counted against the send) would only repeat it.
    """
    if state.template is None:
        return []
    items = [item for item in visible_items(state.template, state.values) if item.id not in state.waivers]
    return checks.answers(items, state.values, today_in(tz, now))


def vague_items(findings: list[Finding]) -> list[str]:
    """The items the warnings are on, once each, in order."""
    return list(dict.fromkeys(f.item_id for f in findings))


def vague_count(findings: list[Finding]) -> str:
    """ "1 vague answer" / "2 vague answers": counted by item, as every screen and command counts them."""
    items = len(vague_items(findings))
    return f"{items} vague answer{'s' if items != 1 else ''}"


def sent_with_vague(findings: list[Finding]) -> str:
    """What a send with vague answers says after "sent", by the command line and the app alike; the items follow."""
    return f"Sent with {vague_count(findings)}; the receiver may ask about:"


def vague_payload(findings: list[Finding]) -> list[dict[str, Any]]:
    """What a `sent` event records of the warnings its sender saw: item and check, once each."""
    seen: list[dict[str, Any]] = []
    for finding in findings:
        entry = {"item": finding.item_id, "check": finding.check}
        if entry not in seen:
            seen.append(entry)
    return seen


def recorded_vague(payload: Any) -> list[tuple[str, str]]:
    """(item, check) pairs a `sent` event's payload records; anything malformed is skipped."""
    raw = payload.get("vague") if isinstance(payload, dict) else None
    if not isinstance(raw, list):
        return []
    found: list[tuple[str, str]] = []
    for entry in raw:
        if isinstance(entry, dict):
            item, check = entry.get("item"), entry.get("check")
            if isinstance(item, str) and isinstance(check, str) and (item, check) not in found:
                found.append((item, check))
    return found
