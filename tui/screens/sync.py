"""F5: the shared folder as this replica sees it: last sync, teammates, warnings, problems.

The status line under the queues says the short version; this screen says which
file and why, in baton.sync's own words, and follows every sync pass as it lands.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from baton.core.errors import BatonError
from baton.core.events import kind_noun
from baton.core.timezones import format_ago, local_clock
from baton.tui.messages import Synced, SyncStatusChanged
from baton.tui.shown import plain
from baton.tui.widgets.hanging_text import HangingText, entry_indent

if TYPE_CHECKING:
    from textual import getters

    from baton.tui.app import BatonApp


def _n(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def notes(message: Synced) -> list[str]:
    """Every warning and problem of a pass, one line each (what the app notifies about once)."""
    report = message.report
    if report is None:
        return [message.error] if message.error else []
    return [*report.warnings, *(f"{Path(p.file).name}: {p.reason}" for p in report.problems)]


def status_line(message: Synced, when: Callable[[int], str]) -> str:
    """`⚠ 1 problem (F5) · last sync 10:42 · teammates seen: ben, priya` (the Sync screen's words for who is seen).

    The trouble comes first: where the line is cut ("…" at 80 columns), it is the list of teammates that goes.
    """
    report = message.report
    if report is None:
        return f"sync: {message.error}"
    parts = [f"last sync {when(message.at)[11:]}", *([message.seen] if message.seen else [])]
    trouble = []
    if report.problems:
        trouble.append(_n(len(report.problems), "problem"))
    if report.warnings:
        trouble.append(_n(len(report.warnings), "warning"))
    if trouble:
        parts.insert(0, f"⚠ {', '.join(trouble)} (F5)")
    return " · ".join(parts)


class SyncScreen(Screen[None]):
    """What the last sync pass did and everything it could not use."""

    if TYPE_CHECKING:
        app: getters.app[BatonApp]

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("s", "app.sync_now", "Sync now"),
        Binding("f", "app.set_folder", "Set folder"),
        Binding("f5", "app.sync_now", "Sync now", show=False),  # F5 here: the app's "Sync" would open this screen again
    ]
    DEFAULT_CSS = """
    SyncScreen #sync-body { padding: 0 1; }
    SyncScreen .sync-section { text-style: bold; padding: 1 0 0 0; }
    SyncScreen #sync-problems { color: $error; }
    SyncScreen #sync-warnings { color: $warning; }
    SyncScreen #sync-problems.-none, SyncScreen #sync-warnings.-none, SyncScreen #sync-conflicts.-none {
        color: $text-muted;
    }
    SyncScreen Static { height: auto; }
    """

    @dataclass
    class PeopleRead(Message):
        people: list[dict[str, Any]]
        seen: str
        """sync.people.seen_words: the status line's words for who is seen, said first here."""

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="sync-body"):
            yield Static("", id="sync-summary", markup=False)
            yield Static("Teammates", classes="sync-section")
            # at 80 columns a long line wraps under its own text, never back at the margin as another entry
            yield HangingText("Reading…", hang=entry_indent, parts=" · ", id="sync-people")
            yield Static("Warnings", classes="sync-section")
            yield HangingText("", id="sync-warnings")
            yield Static("Problems (which file, why)", classes="sync-section")
            yield HangingText("", id="sync-problems")
            yield Static("Changes that could not apply", classes="sync-section")
            yield HangingText("", id="sync-conflicts")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Sync"
        self.show_sync(self.app.last_sync, self.app.sync_status)

    def on_sync_status_changed(self, message: SyncStatusChanged) -> None:
        self.show_sync(message.pass_, message.status)

    def show_sync(self, message: Synced | None, status: str) -> None:
        """Show one pass (the app says so after every pass, and when the shared folder is set)."""
        app = self.app
        folder = app.replica.config.sync_dir
        summary = [f"Shared folder: {folder or 'none set yet: press f to set one'}"]
        report = message.report if message else None
        if message is None:
            if not folder:
                summary.append("Your handoffs stay on this device until a shared folder is set.")
            else:
                summary.append(
                    "Not synced through this folder yet."
                    if app.sync or app.watcher
                    else "Sync is not set up in this app."
                )
        elif report is None:
            summary.append(f"Last try {app.when(message.at)}: {message.error}")
        else:
            if report.exported_events or report.imported_events:
                summary.append(
                    f"Last sync {app.when(message.at)}: {_n(report.exported_events, 'event')} out, "
                    f"{_n(report.imported_events, 'event')} in from {_n(report.imported_segments, 'segment')}"
                )
            else:  # "0 out" beside the totals below read as if the earlier changes had not gone out
                summary.append(f"Last sync {app.when(message.at)}: up to date, nothing new to send or take in")
            totals = app.sync_totals
            summary.append(f"Since baton opened: {_n(totals['out'], 'event')} out, {_n(totals['in'], 'event')} in.")
        if folder and app.watcher is not None and report is not None:
            summary.append("Watching the folder: a teammate's change shows here as soon as it lands.")
        if folder and app.sync is not None:
            summary.append("Press s to sync now.")
        self.query_one("#sync-summary", Static).update(plain("\n".join(summary)))
        root = Path(report.sync_dir) if report and report.sync_dir else None
        warnings = report.warnings if report else []
        self.query_one("#sync-warnings", Static).update(plain("\n".join(f"⚠ {w}" for w in warnings)) or "None.")
        self.query_one("#sync-warnings").set_class(not warnings, "-none")  # "None." is good news: not in red
        problems = report.problems if report else []
        self.query_one("#sync-problems", Static).update(
            plain(
                "\n".join(
                    f"✗ {_short(p.file, root)}\n    {p.reason} ({'will retry' if p.retry else 'skipped'})"
                    for p in problems
                )
            )
            or "None."
        )
        self.query_one("#sync-problems").set_class(not problems, "-none")
        conflicts = report.conflicts if report else []
        self.query_one("#sync-conflicts", Static).update(
            plain("\n".join(f"• {c.author}'s {kind_noun(c.kind)}: {c.reason}" for c in conflicts)) or "None."
        )
        self.query_one("#sync-conflicts").set_class(not conflicts, "-none")
        self.read_people()

    @work(thread=True, exclusive=True, group="sync-people", exit_on_error=False)
    def read_people(self) -> None:
        from baton.sync.people import people, seen_words

        replica = self.app.replica
        try:
            rows, seen = people(replica), seen_words(replica)
        except (BatonError, sqlite3.Error, OSError):
            rows, seen = [], ""
        self.post_message(self.PeopleRead(rows, seen))

    def on_sync_screen_people_read(self, message: PeopleRead) -> None:
        app, now = self.app, self.app.clock()
        lines = []
        for row in message.people:
            if row["user"] == app.replica.user:
                continue
            try:
                clock = f"{local_clock(row['tz'], now)} there ({row['tz']})"
            except Exception:  # a teammate's unknown zone must not break the screen
                clock = row["tz"]
            seen = f"last seen {format_ago(max(0, now - row['last_seen']))}" if row["last_seen"] else "not seen yet"
            # Devices are worth a word only when there is more than one, as `baton teammates` says them:
            # "0 devices" beside "last seen 8m ago" (no folder set, or not read yet) reads as a contradiction.
            devices = [_n(row["devices"], "device")] if row["devices"] > 1 else []
            if row.get("unconfirmed_devices"):  # a folder that claims to be them, not enrolled by a lead
                devices.append(f"{_n(row['unconfirmed_devices'], 'device')} not on the team")
            parts = [f"{row['display_name']} ({row['user']}, {row['role']})", clock, *devices, seen]
            lines.append(" · ".join(parts))
        if lines and message.seen:
            lines.insert(0, message.seen[0].upper() + message.seen[1:])
        self.query_one("#sync-people", Static).update(plain("\n".join(lines)) or "Nobody else yet.")


def _short(file: str, root: Path | None) -> str:
    """A path inside the shared folder, relative to it."""
    if root is None:
        return file
    try:
        inside = Path(file).relative_to(root)
    except ValueError:
        return file
    return file if inside == Path(".") else str(inside)  # the folder itself is named in full, not "."
