"""`baton sync` and `baton teammates`: the shared folder from the command line.

Registered on the main `cli` group by importing this module at the end of cli.py.
"""

from __future__ import annotations

import json
import signal
import sys
import threading
from pathlib import Path
from typing import Any

import click

from baton.core.terminal_text import harmless_json
from baton.tui.cli.base import cli, guarded, open_replica, say


@cli.command()
@click.option(
    "--dir",
    "sync_dir",
    type=click.Path(file_okay=False),
    help="The shared folder your sync engine keeps in step; remembered for next time.",
)
@click.option("--watch", is_flag=True, help="Keep syncing on every change until Ctrl-C.")
@click.option("--json", "as_json", is_flag=True, help="The report as JSON (one object per pass).")
@click.option(
    "--compact",
    is_flag=True,
    help=(
        "Also fold now, however few, your segments every active teammate has into one snapshot (a sync does on "
        "its own after 256), and leave a starter for newcomers."
    ),
)
@guarded
def sync(sync_dir: str | None, watch: bool, as_json: bool, compact: bool) -> None:
    """Send your new changes to the shared folder and take in your teammates'."""
    _sync(sync_dir, watch, as_json, compact)  # --json: a sync that cannot start is JSON too (`guarded`)


def _sync(sync_dir: str | None, watch: bool, as_json: bool, compact: bool = False) -> None:
    from baton.core.config import save_config
    from baton.sync.chosen_folder import chosen_sync_dir, create_sync_dir
    from baton.sync.run import sync_once

    if sync_dir is not None and not sync_dir.strip():  # `--dir ""`, a variable that was empty: not "no change"
        from baton.core.errors import InvalidValue

        raise InvalidValue("--dir needs the path of the folder your sync engine shares (nothing was changed)")
    replica = open_replica(restore=True)
    if sync_dir:
        pin = replica.store.team_pin()
        root, missing = chosen_sync_dir(Path(sync_dir), replica.home, pin.id if pin else None)
        if missing:
            say(create_sync_dir(root), err=as_json)
        if str(root) != replica.config.sync_dir:
            replica.config = replica.config.with_(sync_dir=str(root))
            save_config(replica.home, replica.config)
            say(f"Shared folder set to {root}", err=as_json)

    from baton.sync.told import Told

    told = Told()

    def show(report) -> None:
        if as_json:
            click.echo(json.dumps(report.as_json(), ensure_ascii=True))
            return
        for line in watched_lines(report, told, replica.config.tz) if watch else report.lines():
            say(line)
        sys.stdout.flush()

    if not watch:
        report = sync_once(replica, fold=compact)
        show(report)
        if report.unreachable:  # nothing synced: a script or cron job must be able to tell (the watcher waits)
            sys.exit(1)
        return
    from baton.sync.watch import watch as watch_folder

    stop = threading.Event()

    def interrupted(signum: int, frame: object) -> None:
        """The first Ctrl-C stops the watcher once the pass under way ends; a second stops it at once.

        Setting an event rather than raising KeyboardInterrupt wherever the main thread happens
        to be, so the request cannot be lost (Python drops an exception raised while a
        finalizer runs); the watcher checks the event every few milliseconds.
        """
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()

    on_main_thread = threading.current_thread() is threading.main_thread()  # only it may set handlers
    previous = signal.signal(signal.SIGINT, interrupted) if on_main_thread else None
    say(f"Watching {replica.config.sync_dir} (Ctrl-C to stop)", err=True)
    try:
        watch_folder(replica, show, stop)
    except KeyboardInterrupt:
        stop.set()
    finally:
        if on_main_thread:
            signal.signal(signal.SIGINT, signal.SIG_DFL if previous is None else previous)
    say("Stopped.", err=True)


def watched_lines(report: Any, told: Any, tz: str) -> list[str]:
    """One pass of `sync --watch`: the time in your zone, what moved, and trouble not told yet (sync/told.py: a
    warning or problem is said once while it lasts); nothing for a pass with nothing new."""
    from baton.core.hlc import now_ms
    from baton.core.timezones import to_local

    notes = report.notes()
    fresh = set(told.news(notes))
    if not report.moved and not fresh:
        return []
    lines = [line for line in report.lines() if line not in notes or line in fresh]
    return [to_local(now_ms(), tz).strftime("%H:%M:%S"), *("  " + line for line in lines)]


@cli.command()
@click.option("--json", "as_json", is_flag=True)
@guarded
def teammates(as_json: bool) -> None:
    """Who writes to the shared folder: name, time zone, their local time now, last seen."""
    from baton.core.hlc import now_ms
    from baton.core.times import iso
    from baton.core.timezones import format_ago
    from baton.sync.people import NOT_ON_TEAM, people
    from baton.tui.cli.output import terminal_columns

    replica = open_replica()
    now = now_ms()
    rows = people(replica)
    if as_json:
        # this copy's own row is "you", as in the table: the time it last wrote is not when its person was seen
        shown = [
            {
                **row,
                "last_seen": None if row["user"] == replica.user else iso(row["last_seen"]),
                "you": row["user"] == replica.user,
                "local_time": _safe_clock(row["tz"], now),
            }
            for row in rows
        ]
        click.echo(harmless_json(json.dumps(shown, indent=2, ensure_ascii=False)))
        return
    if not rows:
        say("No teammates yet: nobody else writes to the shared folder.")
        return
    table = []
    for row in rows:
        seen = "never seen" if not row["last_seen"] else f"last seen {format_ago(now - row['last_seen'])}"
        if row["last_seen"] and row["last_seen"] > now:
            seen = "last seen in the future (their clock is ahead)"
        if row["user"] == replica.user:
            seen = "(you)"  # this copy: how long ago it last wrote says nothing about whether you are here
        devices = f", {row['devices']} devices" if row["devices"] > 1 else ""
        if row["role"] == NOT_ON_TEAM:  # none of their devices is on the team: said once, with what to do
            invite = f"`baton team invite {row['user']}`"
            if row["user"] == replica.user:
                said = f"nothing you write is applied; ask a lead for {invite}"
            else:
                lead = replica.store.roster().member(replica.user)
                asks = "invite them with" if lead is not None and lead.role == "lead" else "a lead invites them with"
                said = f"nothing they write is applied; {asks} {invite}"
            row = {**row, "role": f"{NOT_ON_TEAM}: {said}"}
        elif row.get("unconfirmed_devices"):
            devices += (
                f", {row['unconfirmed_devices']} device{'s' if row['unconfirmed_devices'] > 1 else ''} not on the team"
            )
        role = "" if row["role"] == "member" else f", {row['role']}"  # the roster's word once there is a team
        if row["away"]:
            role += f", {_away_words(row['away'])}"
        clock = f"it is {_safe_clock(row['tz'], now)} there"
        table.append([row["user"], row["display_name"], row["tz"], clock, f"{seen}{devices}{role}"])
    for line in narrow_rows(table, terminal_columns(sys.stdout)):
        say(line)


def narrow_rows(table: list[list[str]], columns: int | None) -> list[str]:
    """Teammates' rows, in a terminal too narrow for them with `09:12` for `it is 09:12 there`, then long names
    cut (to 16 cells at the least), then what is said of each wrapped under its column. Counted in cells: a name
    in CJK takes two a character."""
    from baton.tui.cli.fit import cell_width, cut_column, table_width, wrapped
    from baton.tui.cli.render import aligned

    if columns is not None and table_width(table, cell_width) > columns:
        table = [[*row[:3], row[3].removeprefix("it is ").removesuffix(" there"), row[4]] for row in table]
        over = table_width(table, cell_width) - columns
        if over > 0:
            cut_column([[""] * 5, *table], 1, over, cell_width)  # (no headings to keep)
    hang = table_width([row[:4] for row in table], cell_width) + 2
    return wrapped(aligned(table, width=cell_width), columns, hang)


def _away_words(away: dict[str, str]) -> str:
    """`away until Thu 1 Jan (winter break)`, as every note about an absence says it (core hours.Away)."""
    from datetime import date

    from baton.core.hours import Away

    return Away(date.fromisoformat(away["from"]), date.fromisoformat(away["to"]), away["reason"]).words()


def _safe_clock(tz: str, now: int) -> str:
    from baton.core.timezones import local_clock

    try:
        return local_clock(tz, now)
    except Exception:  # an unknown zone from a teammate's replica.json
        return "--:--"


__all__ = ["sync", "teammates"]
