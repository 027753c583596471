"""`baton doctor`: what to run after a scare (a damaged shared folder, a crash, a strange screen).

It checks four things and changes nothing unless asked:
- the database file itself: a damaged page is said first, with what to do (move it
  aside and sync: the shared folder holds everything that was sent);
- the database against its own log: the projection every screen reads must be
  exactly what folding the events gives (`--rebuild` folds everything again);
- the log itself: events an older baton took in that today's checks refuse
  (they stay in the log; the fold shows each as a conflict, never fails on it);
- the shared folder: every file or line that is kept aside, and why, read again
  from the start without writing anything (events are never lost to a doctor).

Exit code 0 when your copy is sound (or was put right by `--rebuild`), 1 when it
needs a look (screens out of step with the log, events in the log today's checks
refuse). Files kept aside in the shared folder are findings, explained one by one,
not a fault of this copy: they do not change the exit code, as they do not change
`baton sync`'s (a segment still arriving, a device not on the team, a damaged file
are for the team to see, and nothing this copy can put right).
"""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from baton.tui.cli.base import cli, guarded, open_replica, say


@cli.command()
@click.option("--rebuild", is_flag=True, help="Fold every handoff again from the events (screens then match the log).")
@click.option("--no-folder", is_flag=True, help="Skip reading the shared folder again (it can take a while).")
@click.option("--json", "as_json", is_flag=True, help="The findings as one JSON object.")
@guarded
def doctor(rebuild: bool, no_folder: bool, as_json: bool) -> None:
    """Check your copy against its log and the shared folder; list what is kept aside and why."""
    from baton.core import checkup

    replica = open_replica()
    store = replica.store
    rebuilt = None
    damage = checkup.damage(store)
    if damage:  # nothing else can be trusted: say it, and what brings the copy back
        from baton.core.errors import DamagedDatabase

        raise DamagedDatabase(replica.home.database, "; ".join(damage[:2]))
    if rebuild:
        rebuilt = checkup.rebuild(store)
    drift = checkup.drift(store)
    unusable = checkup.unusable_events(store)
    aside, folder, warnings = _kept_aside(replica) if not no_folder else ([], None, [])
    from baton.sync.starter import started_from

    started = started_from(replica)
    healthy = not drift and not unusable  # files kept aside are the folder's, listed below, not this copy's fault
    if as_json:
        click.echo(
            json.dumps(
                {
                    "healthy": healthy,
                    "rebuilt": None if rebuilt is None else {"handoffs": rebuilt[0], "events": rebuilt[1]},
                    "projection_differs": drift,
                    "unusable_events": checkup.as_json(unusable),
                    "shared_folder": folder,
                    "kept_aside": aside,
                    "warnings": warnings,
                    "started_from": started,
                },
                ensure_ascii=True,
            )
        )
    else:
        for line in _lines(
            rebuilt, drift, unusable, aside, "not checked (--no-folder)" if no_folder else folder, store
        ):
            say(line)
        for warning in warnings:  # what `baton sync` warns of, in its words (a clash's verdict: sync/signers.py)
            say(f"  warning: {warning}")
        if started is not None:
            say(_history(started))
    if not healthy:
        sys.exit(1)


def _kept_aside(replica: Any) -> tuple[list[dict[str, Any]], str | None, list[str]]:
    """Every file or line of the shared folder not applied, and why, and what a sync would warn of (nothing
    written)."""
    from baton.core.errors import BatonError
    from baton.core.hlc import now_ms
    from baton.sync.folder import SyncFolder
    from baton.sync.importer import import_all
    from baton.sync.ledger import Ledger
    from baton.sync.report import SyncReport
    from baton.sync.run import sync_folder_of

    if not replica.config.sync_dir:
        return [], None, []
    try:
        folder: SyncFolder = sync_folder_of(replica)
    except BatonError as exc:
        return (
            [{"file": str(replica.config.sync_dir), "reason": str(exc), "retry": False}],
            str(replica.config.sync_dir),
            [],
        )
    absent = folder.absent()
    if absent is not None:  # nothing there to keep aside: said as what it is, an unmounted drive, not a finding
        return [], f"not checked: {folder.root}: {absent}", []
    report = SyncReport(sync_dir=str(folder.root))
    import_all(replica, folder, Ledger(replica.store), report, now_ms, dry_run=True)
    return _by_file(report.problems), str(folder.root), report.warnings


def _by_file(problems: list[Any]) -> list[dict[str, Any]]:
    """Each file kept aside once, with every reason a sync gives for it (a sync may say one file in two lines)."""
    aside: dict[str, dict[str, Any]] = {}
    for p in problems:
        found = aside.setdefault(p.file, {"file": p.file, "reason": p.reason, "retry": p.retry})
        if found["reason"] != p.reason:
            found["reason"] += f"; {p.reason}"
            found["retry"] = found["retry"] or p.retry
    return list(aside.values())


def _history(started: dict[str, Any]) -> str:
    """Where this copy's history came from, when a teammate's starter made it (sync/starter.py)."""
    began = f"history: started from {started.get('user')}'s copy ({started.get('events', 0):,} events)"
    if not started.get("checked"):
        return f"{began}, not checked against the team's segments yet (your next `baton sync` checks it)"
    if started.get("repaired"):
        return f"{began}, which did not match the team's segments: made again from them"
    return f"{began}, checked: it matches the team's segments"


def _lines(
    rebuilt: tuple[int, int] | None,
    drift: list[str],
    unusable: list[Any],
    aside: list[dict[str, Any]],
    folder: str | None,
    store: Any,
) -> list[str]:
    out = []
    if rebuilt is not None:
        out.append(f"rebuilt: {rebuilt[0]} handoffs folded again from {rebuilt[1]} events")
    if drift:
        shown = ", ".join(h[:8] for h in drift[:10]) + (" …" if len(drift) > 10 else "")
        out.append(
            f"screens and log: {len(drift)} handoff{'s' if len(drift) != 1 else ''} differ from their events "
            f"({shown}); run `baton doctor --rebuild`"
        )
    else:
        handoffs = store.conn.execute("SELECT COUNT(*) FROM handoffs").fetchone()[0]
        out.append(f"screens and log: in step ({handoffs} handoff{'' if handoffs == 1 else 's'})")
    if unusable:
        out.append(
            f"log: {len(unusable)} event{'s' if len(unusable) != 1 else ''} today's checks refuse (kept, not applied):"
        )
        out += [f"  {u.event_id[:8]} on {u.handoff_id[:8]}, {u.author}'s {u.kind}: {u.reason}" for u in unusable]
    else:
        out.append("log: every event is whole")
    if folder is None or folder.startswith("not checked"):
        out.append(f"shared folder: {folder or 'none set'}")
    elif aside:
        out.append(f"shared folder {folder}: {len(aside)} kept aside (not applied here; your copy is not at fault):")
        out += [f"  {p['file']}: {p['reason']}{' (will retry)' if p['retry'] else ''}" for p in aside]
    else:
        out.append(f"shared folder {folder}: nothing kept aside")
    return out


__all__ = ["doctor"]
