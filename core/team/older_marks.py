"""Watermarks named later, for roster changes from an older baton that named none (retire_marks.py says why).

The rules by which a second `device_retired`, `member_removed` or `member_set` marks a
retirement, removal or demotion that ended devices by stamp only: kept apart from
changes.py only to keep each module short; changes.py applies them at their place.
"""

from __future__ import annotations

from typing import Any

from .origins import watermark_from
from .roster import Device, Roster


def mark_retired(roster: Roster, event: dict[str, Any], retire: str) -> str | None:
    """A retirement from an older baton named no watermark, so it ended its device by stamp, which a stolen key
    backdates around. A lead's copy names the watermark later (retire_marks.py): from then on the device is
    judged like one retired with it. The first mark by stamp stands; a later one changes nothing."""
    payload, author, hlc = event["payload"], event["author"], event["hlc"]
    if not roster.is_lead(author, hlc):
        return "only a lead can retire a device"
    devices = [d for d in roster.devices.get(retire, ()) if d.user == payload.get("user")]
    if not devices:
        return f"that device was never one of {payload.get('user')}'s"
    if retire in roster.watermarks:
        return None  # marked already (two leads at once): the first mark stands
    mark = watermark_from(payload["upto"], devices[-1].replica)
    if mark is None:
        return "the last segment it names is not readable"
    roster.watermarks[retire] = mark
    return None


def mark_removed(roster: Roster, user: str, upto: Any) -> str | None:
    """A removal from an older baton named no watermark (retire_marks.py): a lead's copy names one later for the
    devices the removal ended; what they sign past it never counts, as for a removal made with one. The first
    mark by stamp stands; a later one changes nothing."""
    if not isinstance(upto, dict):
        return f"{user} is not on the team"
    ended = ended_by_removal(roster, user)
    if any(d.key in roster.removal_marks for d in ended):
        return None  # marked already (two leads at once): the first mark stands
    marks = {d.key: watermark_from(upto.get(d.replica), d.replica) for d in ended if d.replica in upto}
    if not marks or any(mark is None for mark in marks.values()):
        return "the last segment it names is not readable"
    for device_key, mark in marks.items():
        if mark is not None:
            roster.removal_marks[device_key] = mark
    return None


def ended_by_removal(roster: Roster, user: str) -> list[Device]:
    """The devices of `user` that their last removal ended (a removed person's devices, for a later mark)."""
    removals = roster.removals.get(user)
    if not removals:
        return []
    stamp = removals[-1][0]
    return sorted(
        (d for found in roster.devices.values() for d in found if d.user == user and d.until == stamp),
        key=lambda d: d.key,
    )


def unmarked_demotion(roster: Roster, user: str) -> str | None:
    """The stamp of `user`'s last demotion from lead when it named no watermark for their devices; else None."""
    found = roster.history.get(user)
    if found is None:
        return None
    stamps, states = found
    for index in range(len(states) - 1, 0, -1):
        before, after = states[index - 1], states[index]
        if before is not None and after is not None and before.role == "lead" and after.role == "member":
            devices = [d for f in roster.devices.values() for d in f if d.user == user and d.until is None]
            return None if any(d.key in roster.demotions for d in devices) else stamps[index]
    return None
