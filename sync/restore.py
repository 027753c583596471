"""A replica's own segments, put back when they went missing from the shared folder or were changed there.

A teammate who joins later reads everything from the folder, and a segment's
successor names it in its chain: a segment deleted (or rewritten in place) would
leave them short for good. So every sync compares this replica's folder with the
segments it wrote (the ledger) and writes again any that is missing or whose file
is not what was written, from the events in its own database: the same events in
the same order under the same number, sealed with the same predecessor, give the
same file byte for byte (Ed25519 signatures are deterministic). A segment first
written before device keys is written again signed, once: same lines, same name.

A file's content is read again only when its size, modification time, inode or change
time differ from what this replica last saw, so a quiet sync reads no segment. Size
and modification time alone are no proof: a sync engine copies a file with its
source's modification time, and anyone can set one (`touch -r`), so a segment damaged
or forged at the same size would never be looked at again and a teammate who joins
later would wait on it for good. The change time no program can set.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from baton.core.replica import Replica
from baton.core.team.keys import DeviceKey

from . import segment
from .exporter import sealer, wire_line
from .ledger import Ledger

SEEN = "sync.own_files"
"""meta key: name -> [size, mtime_ns, inode, ctime_ns] of this replica's segment files as last checked."""


def restore(replica: Replica, own_folder: Path, ledger: Ledger, key: DeviceKey) -> tuple[list[str], list[str]]:
    """Write again every own segment missing or changed in `own_folder`: (names written, problems)."""
    store = replica.store
    replica_id = replica.config.replica_id
    own = ledger.own_segments(replica_id)
    if not own:
        return [], []
    stats: dict[str, list[int]] = {}
    with os.scandir(own_folder) as entries:
        for entry in entries:
            try:
                if entry.is_file(follow_symlinks=False):
                    stats[entry.name] = looks(entry.stat(follow_symlinks=False))
            except OSError:
                continue
    mine = {name for _, name, _, _ in own}  # only what this replica wrote: files anyone dropped here are not kept
    stats = {name: stat for name, stat in stats.items() if name in mine}
    seen = _seen(replica)
    folded = int(store.meta("sync.compacted_seq", "0") or 0)  # compaction.COMPACTED
    written: list[str] = []
    problems: list[str] = []
    offset = 0
    hashes: dict[int, str] = {}
    for seq, name, sha256, count in own:
        start, offset = offset, offset + count
        hashes.setdefault(seq, sha256)
        if seq <= folded:  # folded into this replica's snapshot: never written again
            continue
        if name in stats and stats[name] == seen.get(name):
            continue
        prev = hashes.get(seq - 1, "") if seq > 1 else ""
        lines = _own_lines(replica, count, start)
        seal = sealer(key, replica_id, seq, prev)
        data, digest = segment.encode(lines, seal)
        if name not in stats and os.path.lexists(own_folder / name):
            # Something that is not a file has its name (a folder, a link, a FIFO): never written through or over.
            problems.append(f"{name}: cannot write it again: something that is not a file has its name; move it away")
            continue
        found = _found(own_folder / name) if name in stats else None
        if digest != sha256:
            if found is None or found.sha256 != sha256:  # a file from an older baton with the same lines is fine
                problems.append(f"{name}: cannot write it again: the events here no longer match it")
            continue
        if found is not None and found.sha256 == sha256 and found.seal == seal(sha256):
            continue
        if _holds(own_folder / name, data):  # another baton process of this replica wrote it meanwhile
            continue
        segment.write(own_folder, seq, lines, seal)
        if found is None or found.sha256 != sha256 or found.seal is not None:
            written.append(name)  # not when only a signature was added to a segment from before keys
        stats[name] = looks((own_folder / name).stat())
    if stats != seen:
        with store.lock, store.writing():
            store.set_meta(SEEN, json.dumps(stats))
    return written, problems


def looks(info: os.stat_result) -> list[int]:
    """What tells a file changed without reading it: the change time, which no program can set back, included."""
    return [info.st_size, info.st_mtime_ns, info.st_ino, info.st_ctime_ns]


def _own_lines(replica: Replica, count: int, start: int) -> list[bytes]:
    """This replica's events `start` to `start + count` in the order it wrote them: one segment's lines.
    The log is read in row order (no index by replica: schema.py); this runs only for a segment gone missing."""
    store = replica.store
    with store.lock:
        rows = store.conn.execute(
            "SELECT id, handoff_id, kind, hlc, at, author, replica, payload, snapshot, snapshot_at "
            "FROM logged_events WHERE replica = ? ORDER BY seq LIMIT ? OFFSET ?",
            (replica.config.replica_id, count, start),
        ).fetchall()
        join = store.snapshots.join
        return [wire_line((*row[:7], join(row[7], row[8], row[9]))) for row in rows]


def _seen(replica: Replica) -> dict[str, list[int]]:
    try:
        found = json.loads(replica.store.meta(SEEN) or "{}")
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def _holds(path: Path, data: bytes) -> bool:
    try:
        return segment.read_file(path, len(data)) == data
    except (OSError, segment.NotAFile):
        return False


def _found(path: Path) -> segment.Segment | None:
    """The segment in the file, if it is one (a file far larger than a segment is not: it is written again)."""
    try:
        return segment.read(path)
    except (segment.SegmentIncomplete, segment.BadSeal, segment.NotAFile, OSError):
        return None
