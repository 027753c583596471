"""How long a connection waits for another process's write before it gives up as busy.

One figure for every connection baton opens (the store's and the plain readers'), so a
command meeting a sync in another terminal waits the same few seconds whichever it is.
"""

from __future__ import annotations

BUSY_TIMEOUT_MS = 5000
"""SQLite's busy_timeout: a write waits this long for the lock, then fails as busy (said in one line)."""


def busy_timeout_pragma() -> str:
    """The PRAGMA that sets it, read when a connection opens."""
    return f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_MS)}"
