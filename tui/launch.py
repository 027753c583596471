"""Build the app's real services and run it: `baton` with no command lands here."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from baton.core.errors import DamagedDatabase, NotInitialized
from baton.core.home import Home

if TYPE_CHECKING:
    from baton.core.replica import Replica


def sync_round() -> Callable[[Replica], Any] | None:
    """The sync layer's one round (`baton.sync.run.sync_once`), imported when it first runs:
    the app draws its first frame without loading the sync layer."""

    def sync_once(replica: Replica) -> Any:
        from baton.sync.run import sync_once

        return sync_once(replica)

    return sync_once


def sync_watch() -> Callable[..., None] | None:
    """The sync layer's watcher (`baton.sync.watch.watch`, a sync on every change in the folder),
    imported when it first starts."""

    def watch(*args: Any, **kwargs: Any) -> None:
        from baton.sync.watch import watch

        watch(*args, **kwargs)

    return watch


def build_app(home: Home):
    """The app over the replica in `home`; the first-run screen when there is none yet.

    The replica itself (its store, rules and projection code) opens after the first frame:
    the queue is drawn from the database file. A home whose database is missing, or is
    no baton database, opens it here as before (one line on stderr for the second).
    """
    from baton.core.config import load_config
    from baton.tui.app import BatonApp

    try:
        config = load_config(home)
    except NotInitialized:
        return BatonApp(None, home, sync=sync_round(), watch=sync_watch())
    if not _readable(home, config.replica_id):
        from baton.core.replica import Replica

        return BatonApp(Replica.open(home), home, sync=sync_round(), watch=sync_watch())
    from baton.tui.first_read import FirstRead
    from baton.tui.screens.queues import home_queue
    from baton.tui.widgets.queue_table import PAGE

    first_read = FirstRead(home.database, home_queue(config.user), PAGE)  # drawn on the first frame
    app = BatonApp(None, home, sync=sync_round(), watch=sync_watch(), config=config)
    app.first_read = first_read
    return app


def _readable(home: Home, own: str) -> bool:
    """The database is there and in today's layout (an older one is brought up to date now, as opening the
    store would); BatonError when the file is no baton database, or another home's (not replica `own`'s)."""
    import sqlite3

    from baton.core import queues

    if not home.database.is_file():
        return False
    try:
        queues.connect(home.database, own).close()
    except sqlite3.DatabaseError as exc:
        raise DamagedDatabase(home.database, exc) from None
    return True


def run_app(home: Home) -> None:
    """Open the app, or refuse in one line (changing nothing) where there is no terminal for it."""
    from baton.core.errors import BatonError
    from baton.tui.hangup import terminal_problem

    problem = terminal_problem()
    if problem is not None:
        raise BatonError(problem)
    app = build_app(home)
    try:
        app.run()
    finally:
        app.stop_watching.set()
        app.close_replica()
    if app.open_error is not None:
        raise app.open_error
