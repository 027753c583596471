"""Notes a home's person is given once, not at every start: remembered in the store's meta.

Someone who works without a shared folder on purpose read "No shared folder yet" for 8 s at every
start of the app. Said once, it is known; the status line keeps saying it quietly after that. The
meta is this home's own (never synced), so each home, and each new home, is told once.
"""

from __future__ import annotations

from .store import Store

NO_FOLDER = "said:no-folder"
"""This home was told it has no shared folder (its handoffs stay on this device)."""


def first_time(store: Store, note: str) -> bool:
    """Whether `note` is news to this home: True once, and remembered as said from then on; False ever after."""
    with store.lock:
        if store.meta(note) is not None:  # read first: no write transaction at every start
            return False
        with store.writing():
            if store.meta(note) is not None:  # another process said it meanwhile
                return False
            store.set_meta(note, "1")
    return True
