"""Taking in what the shared folder holds: a new home starts from a teammate's starter when one holds
(starter.py), then imports what is newer; every other home imports what is new (importer.py)."""

from __future__ import annotations

from collections.abc import Callable

from baton.core.replica import Replica

from . import starter
from .folder import SyncFolder
from .importer import import_all
from .ledger import Ledger
from .report import SyncReport


def take_in(replica: Replica, folder: SyncFolder, ledger: Ledger, report: SyncReport, now: Callable[[], int]) -> None:
    """One sync's import. A starter's signer is judged again once the newer segments are in (a removal after
    it was made is among them): one no longer trusted is undone, and every event imported instead."""
    if not starter.take(replica, folder, ledger, report):
        import_all(replica, folder, ledger, report, now)
        return
    import_all(replica, folder, ledger, report, now)
    if starter.judged_again(replica, folder, report):
        import_all(replica, folder, ledger, report, now)
