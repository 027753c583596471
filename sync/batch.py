"""One batch of an import: the segments read and checked, not yet taken in (landing.py takes them in).

Segments are read in batches so that their lines and rows are held for one batch
at a time; what a dry run would refuse of a batch is found here too (`look`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from baton.core.replica import Replica

from . import duplicates
from .folder import ReplicaInfo
from .report import SyncReport


@dataclass
class Batch:
    """Segments read but not yet committed, and what they bring."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    """The same events as the projection folds them (parsed once, on the way in)."""
    where: list[tuple[Path, int]] = field(default_factory=list)
    """File and line of each row, to report a copy of an event that is not applied."""
    segments: list[tuple[Any, ...]] = field(default_factory=list)
    """Ledger rows of the segments read (see Ledger.record)."""
    seen: dict[str, tuple[ReplicaInfo, int]] = field(default_factory=dict)
    """Per user: their profile, and the newest wall time of their events in this batch."""
    preferred: set[int] = field(default_factory=set)
    """`id()` of rows from a copy the chain names over another content of its number (verify.decide)."""
    origins: list[tuple[str, int, int, str, str, list[str]]] = field(default_factory=list)
    """(replica, first number, number, hash, predecessor's hash, event ids) of each segment: which segment
    brought which event, and its place in its folder's chain (core origins.py)."""


def look(replica: Replica, pending: Batch, report: SyncReport) -> None:
    """What `commit` would refuse of a batch, reported without writing: copies of an id that lose."""
    with replica.store.lock:
        stored = duplicates.stored_rows(replica.store, [row["id"] for row in pending.rows])
    settled = duplicates.settle(pending.rows, stored)
    for index, reason in settled.problems:
        path, line = pending.where[index]
        report.problem(f"{path}:{line}", reason)
