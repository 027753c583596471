"""What `baton team` prints: the roster as lines and as JSON (a contract for scripts: keys are only added)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from baton.core.events import kind_noun
from baton.core.team.roster import Roster
from baton.core.timezones import format_time
from baton.tui.cli.output import say
from baton.tui.cli.render import aligned, cell_width, iso


def member_rows(roster: Roster) -> list[dict[str, Any]]:
    """One row per member now: who, role, stages, hours, devices (fingerprints), who added them and when."""
    rows = []
    for member in roster.members():
        devices = [d for d in roster.devices_of(member.user) if d.until is None]
        retired = [(d, roster.retired[d.key][1]) for d in roster.devices_of(member.user) if d.key in roster.retired]
        rows.append(
            {
                "user": member.user,
                "name": member.name,
                "role": member.role,
                "stages": list(member.stages),
                "hours": member.hours,
                "holidays": member.holidays,
                "tz": member.tz,
                "away": [{"from": a.first, "to": a.last, "reason": a.reason} for a in member.away],
                "devices": [{"fingerprint": d.fingerprint, "replica": d.replica} for d in devices],
                "retired_devices": [
                    {"fingerprint": d.fingerprint, "replica": d.replica, "by": by} for d, by in retired
                ],
                "added_by": member.added_by,
                "added_at": member.added_at,
            }
        )
    return rows


def roster_json(roster: Roster, now: int) -> dict[str, Any]:
    if not roster.founded:
        return {"team": None, "members": [], "pending_invites": [], "not_applied": []}
    return {
        "team": roster.team,
        "founder": roster.founder,
        "founder_fingerprint": _fp(roster.founder_key),
        "founded_at": iso(roster.founded_ms),
        "members": [{**row, "added_at": iso(row["added_at"])} for row in member_rows(roster)],
        "pending_invites": [
            {
                "id": i.id,
                "user": i.user,
                "role": i.role,
                "stages": list(i.stages),
                "by": i.by,
                "expires": iso(i.expires),
            }
            for i in roster.pending_invites(now)
            if not i.device
        ],
        "not_applied": [
            {"event": r.event_id, "kind": r.kind, "author": r.author, "at": iso(r.at), "reason": r.reason}
            for r in roster.refused
        ],
    }


def roster_hang(line: str) -> int:
    """Where a roster line's later lines start when it wraps: a member's stages under the first of them, any
    other line under its own text (the Team screen wraps at its own width: tui/widgets/hanging_text.py)."""
    stages = line.find("stages: ")
    if stages > 0 and not line.startswith(" "):
        return stages + len("stages: ")
    return len(line) - len(line.lstrip(" "))


def roster_lines(roster: Roster, tz: str, now: int, columns: int | None = None) -> list[str]:
    """The roster for people; in a terminal `columns` wide, a member's stages wrap under the first of them."""
    from baton.tui.cli.fit import wrapped

    if not roster.founded:
        return ["No team yet: a lead founds it with `baton team create` (this home works on its own meanwhile)."]
    lines = [
        f"Team founded by {roster.founder} on {format_time(roster.founded_ms, tz)} "
        f"(founder's device {_fp(roster.founder_key)})",
        "",
    ]
    rows = member_rows(roster)
    heads = aligned(  # columns counted in terminal cells: a name in CJK takes two a character
        [[row["user"], row["name"], row["role"], f"stages: {', '.join(row['stages']) or '-'}"] for row in rows],
        width=cell_width,
    )
    for row, head in zip(rows, heads, strict=True):
        lines += wrapped([head], columns, roster_hang(head))
        extra = [
            f"hours {row['hours']}" if row["hours"] else "",
            f"holidays {row['holidays']}" if row["holidays"] else "",
        ]
        extra += [f"tz {row['tz']}" if row["tz"] else ""]
        extra += [f"away {a['from']} to {a['to']}" + (f" ({a['reason']})" if a["reason"] else "") for a in row["away"]]
        if any(extra):
            lines.append("    " + "; ".join(e for e in extra if e))
        for device in row["devices"]:
            lines.append(f"    device {device['fingerprint']}  (replica {device['replica']})")
        for device in row["retired_devices"]:
            lines.append(
                f"    retired device {device['fingerprint']}  (by {device['by']}; what it signs now is kept aside)"
            )
        lines.append(f"    added by {row['added_by']}, {format_time(row['added_at'], tz)}")
    pending = [i for i in roster.pending_invites(now) if not i.device]
    if pending:
        lines += ["", "Invitations not used yet:"]
        lines += [f"  {i.user} as {i.role}, by {i.by}, until {format_time(i.expires, tz)} (id {i.id})" for i in pending]
    if roster.refused:
        lines += ["", "Roster changes kept but not applied:"]
        lines += [f"  {format_time(r.at, tz)}  {r.author}'s {kind_noun(r.kind)} — {r.reason}" for r in roster.refused]
    return lines


def _fp(key: str) -> str:
    from baton.core.team.keys import fingerprint

    return fingerprint(key)


def pending_made(roster: Roster, user: str | None = None, key: str | None = None) -> set[str]:
    """Invitations made by `user` (or signed with device `key`; anyone's when neither is given) not used or revoked
    yet, by id: what core revokes with a removal (core/team/voided.py)."""
    from baton.core.team.voided import pending_of

    return {i.id for i in pending_of(roster, user, key)}


def revoked_with(roster: Roster, before: set[str]) -> str | None:
    """The line saying which of `before` a removal or a retirement revoked with it (core/team/voided.py)."""
    gone = sorted(i for i in before if i in roster.revoked)
    if not gone:
        return None
    many = "s" if len(gone) > 1 else ""
    return (
        f"Revoked with it: {len(gone)} invitation{many} not used yet ({', '.join(gone)}); a join with one never counts."
    )


def device_line(replica: Any, roster: Roster, shown: str, on_team: bool) -> str:
    """`This device: FP (replica R)`, and when it is not on the team, what it waits for or what to ask a lead."""
    from baton.core.team.join_wait import join_wait

    line = f"This device: {shown} (replica {replica.config.replica_id})"
    if not roster.founded or on_team:
        return line
    join = join_wait(roster, replica.config.replica_id, replica.store.wrote_after)
    if join is not None:
        return f"{line}, not on the team yet: {join.reason}"
    return (
        f"{line}, not on the team: ask a lead for `baton team invite {replica.user}`, or to compare this"
        f" fingerprint with you and `baton team confirm {replica.user} --fingerprint {shown}`"
    )


def before_team_lines(members: list[Any]) -> list[str]:
    """Who this copy knows before a team is founded, with what routing reads of each (stages, hours, days away):
    without it the team screen of a home from before teams showed one sentence and nobody."""
    if not members:
        return []
    lines = ["", "Teammates this copy knows (its own settings until a team is founded):"]
    heads = aligned([[m.user, m.name, f"stages: {', '.join(m.stages) or '-'}"] for m in members], width=cell_width)
    for member, head in zip(members, heads, strict=True):
        extra = [f"hours {member.hours}", f"tz {member.tz}"]
        extra += [f"away {a.start} to {a.end}" + (f" ({a.reason})" if a.reason else "") for a in member.away]
        lines += [head, "    " + "; ".join(extra)]
    return lines


def note_unknown_stages(replica: Any, user: str, stages: Sequence[str]) -> None:
    """Say on stderr when a stage given is one no checklist moves work to or from (a typo, most often)."""
    from baton.core.unknown_stages import unknown_stages_note

    note = unknown_stages_note(replica, user, stages) if stages else None
    if note:
        say(f"note: {note}", err=True)


def left_waiting(replica: Any, user: str) -> str | None:
    """The open handoffs still waiting on someone just removed: nobody answers them until a lead reassigns them."""
    from baton.core.hlc import now_ms
    from baton.core.ids import short_prefixes
    from baton.core.queues import all_ids
    from baton.core.remind import reminders

    waiting = [w.handoff_id for q in reminders(replica.store.conn, now_ms(), owner=user) for w in q.waiting]
    if not waiting:
        return None
    shorts = short_prefixes(all_ids(replica.store.conn))
    named = ", ".join(shorts.get(h, h[:8]) for h in waiting)
    return (
        f"{len(waiting)} open handoff{'s' if len(waiting) != 1 else ''} still wait{'s' if len(waiting) == 1 else ''} "
        f"on {user} ({named}): reassign each (`baton reassign ID --to USER`)"
    )
