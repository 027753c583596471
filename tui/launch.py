"""Build the app's real services and run it: `baton` with no command lands here."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from baton.core.errors import NotInitialized
from baton.core.home import Home
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
    """The app over the replica in `home`; the first-run screen when there is none yet."""
    from baton.tui.app import BatonApp

    try:
        replica: Replica | None = Replica.open(home)
    except NotInitialized:
        replica = None
    return BatonApp(replica, home, sync=sync_round(), watch=sync_watch())


def run_app(home: Home) -> None:
    app = build_app(home)
    try:
        app.run()
    finally:
        app.stop_watching.set()
        if app.replica is not None:
            app.replica.close()
