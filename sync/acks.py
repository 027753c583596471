"""Import cursors: how far this replica has taken in every teammate's segments, published for them.

Each replica writes `acks.json` in its own folder (temp file and rename, like a
segment), signed by its device key: for each replica folder, the highest number
N such that all of its segments 1..N are taken in here (a snapshot taken in
counts for every segment it folds). A writer folds its own segments only up to
what every active teammate acknowledges (see compaction.py).

A reader believes a cursor only when its signature holds and its key is the one
the folder's replica.json names (and, once there is a team, a device the roster
enrolled for that folder's user): anyone can write in the folder, and a forged
cursor could make a writer fold away what a teammate has not seen. A missing,
unreadable or forged file acknowledges nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

from baton.core import bounded_json
from baton.core.team.keys import DeviceKey, verify

from . import segment
from .ledger import Ledger

ACKS_FILE = "acks.json"
MAX_ACKS_FILE = 1 << 20


def message(replica: str, acks: dict[str, int]) -> bytes:
    return ("baton-acks/1\n" + replica + "\n" + json.dumps(acks, sort_keys=True, separators=(",", ":"))).encode()


def cursors(ledger: Ledger) -> dict[str, int]:
    """source -> highest N with 1..N all taken in (0 when segment 1 is not)."""
    covered: dict[str, set[int]] = {}
    with ledger.store.lock:
        rows = ledger.store.conn.execute("SELECT source, name, seq FROM sync_segments WHERE status = 'done'").fetchall()
    for source, name, seq in rows:
        parsed = segment.parse_name(name)
        if parsed is None:
            continue
        # A snapshot's segments are every number from 1 to its own (compaction folds from the start).
        covered.setdefault(source, set()).update(range(1, int(seq) + 1) if parsed.snapshot else (int(seq),))
    found: dict[str, int] = {}
    for source, numbers in covered.items():
        top = 0
        while top + 1 in numbers:
            top += 1
        found[source] = top
    return found


def publish(own_folder: Path, replica_id: str, ledger: Ledger, key: DeviceKey) -> None:
    """Write this replica's cursors, unless the file already says exactly that."""
    acks = {source: top for source, top in cursors(ledger).items() if source != replica_id and top}
    target = own_folder / ACKS_FILE
    if not acks and not target.exists():
        return  # nothing taken in yet: nothing to say, and no file to add
    body = {"v": 1, "replica": replica_id, "acks": acks, "key": key.public, "sig": key.sign(message(replica_id, acks))}
    data = (json.dumps(body, sort_keys=True, indent=1) + "\n").encode()
    try:
        if segment.read_file(target, MAX_ACKS_FILE) == data:
            return
    except (OSError, segment.NotAFile):
        pass
    segment.write_atomic(target, data)


def read(folder: Path, replica_id: str, expected_key: str | None) -> dict[str, int]:
    """The cursors published in `folder`, when signed by `expected_key`; {} for anything else."""
    if not expected_key:
        return {}
    try:
        data = bounded_json.loads(segment.read_file(folder / ACKS_FILE, MAX_ACKS_FILE))
    except (OSError, ValueError, segment.NotAFile):
        return {}
    if not isinstance(data, dict) or data.get("replica") != replica_id or data.get("key") != expected_key:
        return {}
    acks, sig = data.get("acks"), data.get("sig")
    if not isinstance(acks, dict) or not isinstance(sig, str):
        return {}
    clean = {k: v for k, v in acks.items() if isinstance(k, str) and type(v) is int and v >= 0}
    if len(clean) != len(acks) or not verify(expected_key, message(replica_id, clean), sig):
        return {}
    return clean
