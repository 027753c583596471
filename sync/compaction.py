"""Compaction: this replica's old segments folded into one signed snapshot, once every active teammate has them.

Who counts as an active teammate (every one of them must acknowledge a segment
before it is folded away; see acks.py for the cursors):
- once the team is founded: every replica with a device the roster enrols now
  (a member's device, not ended by a removal), and every other replica folder in
  the shared folder whose replica.json names a current member. A member who is
  silent for months still counts: only a lead removing them (which ends their
  devices) lets the others fold past what they have; nothing is judged by time;
- before there is a team: every other replica folder in the shared folder.
A teammate without a trusted `acks.json` acknowledges nothing, so nothing is folded.

The snapshot holds the events of segments 1..K in the order they were written,
is named `NNNNNN-<sha8>.snapshot.jsonl` (NNNNNN = K) and is signed as a snapshot
(segment.snapshot_message), naming in its trailer the hash of segment K (`tip`):
segment K+1 names that as its predecessor, so it chains on from the snapshot
whether it was written before or after the fold. A reader that took in 1..K
before finds the snapshot's events already known (events have unique ids); a
newcomer reads one file instead of K. The folded files are then removed from this
replica's own folder, and never written again (restore.py skips them).
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

from baton.core.replica import Replica
from baton.core.team.keys import DeviceKey

from . import acks, segment
from .folder import SyncFolder, read_replica_info
from .ledger import Ledger

COMPACTED = "sync.compacted_seq"
"""meta: the number of the last segment of this replica folded into its snapshot (0: none)."""
FOLD_AFTER = 256
"""A plain sync folds on its own once this many of this replica's segments, written since its last fold,
are recorded: a folder keeps its snapshot and at most a few hundred recent segments per teammate, instead
of one file per burst of edits for good. Each fold writes all of this replica's events again into a new
snapshot, which the sync engine then carries to every teammate, so it waits for many segments to be worth
it; `baton sync --compact` folds whatever every teammate has, however little."""


def compacted(replica: Replica) -> int:
    return int(replica.store.meta(COMPACTED, "0") or 0)


def active_teammates(replica: Replica, folder: SyncFolder) -> dict[str, str | None]:
    """replica id -> the key its acks.json must be signed with (None: no key known, so nothing acknowledged)."""
    own_id = replica.config.replica_id
    roster = replica.store.roster()
    found: dict[str, str | None] = {}
    members = {m.user for m in roster.members()} if roster.founded else set()
    if roster.founded:
        for devices in roster.devices.values():
            for device in devices:
                if device.until is None and device.replica != own_id:
                    found[device.replica] = device.key
    for source in folder.sources():
        if source.replica == own_id or source.replica in found:
            continue
        try:
            info = read_replica_info(source.path)
        except Exception:
            if not roster.founded:
                found[source.replica] = None  # a teammate whose replica.json is not readable yet: wait
            continue
        if not roster.founded:
            found[source.replica] = info.public_key
        elif info.user in members:
            key = info.public_key
            found[source.replica] = key if key and roster.device_user(key) == info.user else None
    return found


def acknowledged(replica: Replica, folder: SyncFolder) -> tuple[int | None, list[str]]:
    """The highest own segment every active teammate has (None: no teammate); those holding it back."""
    own_id = replica.config.replica_id
    lowest: int | None = None
    behind: list[str] = []
    for other, key in sorted(active_teammates(replica, folder).items()):
        ack = acks.read(folder.own(other), other, key).get(own_id, 0)
        if lowest is None or ack < lowest:
            lowest, behind = ack, [other]
        elif ack == lowest:
            behind.append(other)
    return lowest, behind


def snapshot_lines(replica: Replica, ledger: Ledger, last: int) -> tuple[list[bytes], str]:
    """This replica's events of segments 1..last, as they were written, and the hash of segment `last`."""
    from .restore import _own_lines

    own = [row for row in ledger.own_segments(replica.config.replica_id) if row[0] <= last]
    tip = own[-1][2] if own and own[-1][0] == last else ""
    return _own_lines(replica, sum(row[3] for row in own), 0), tip


def write_snapshot(own_folder: Path, replica_id: str, last: int, lines: list[bytes], tip: str, key: DeviceKey) -> Path:
    data, digest = _snapshot_bytes(replica_id, last, lines, tip, key)
    target = own_folder / segment.snapshot_name(last, digest)
    segment.write_atomic(target, data)
    return target


def _snapshot_bytes(replica_id: str, last: int, lines: list[bytes], tip: str, key: DeviceKey) -> tuple[bytes, str]:
    fold = segment.Fold(1, tip)

    def seal(sha256: str) -> segment.Seal:
        return segment.Seal("", key.public, key.sign(segment.snapshot_message(replica_id, 1, last, "", tip, sha256)))

    return segment.encode(lines, seal, fold)


def due(replica: Replica, ledger: Ledger) -> bool:
    """Whether a plain sync folds: FOLD_AFTER own segments written since the last fold, as the ledger records
    them (files someone else put in this replica's folder count for nothing)."""
    done = compacted(replica)
    return sum(1 for row in ledger.own_segments(replica.config.replica_id) if row[0] > done) >= FOLD_AFTER


class FoldTooLarge(Exception):
    """This replica's history is larger than one snapshot a reader takes whole: its segments stay as they are."""

    def __init__(self, size: int) -> None:
        mb = 1 << 20
        super().__init__(
            f"your history in the shared folder is {size // mb} MB, more than one snapshot holds "
            f"({segment.MAX_WRITE // mb} MB): your segments are left as they are, and a newcomer reads each of them"
        )


def compact(
    replica: Replica, folder: SyncFolder, ledger: Ledger, key: DeviceKey, however_few: bool = True
) -> tuple[int, int]:
    """Fold what every active teammate acknowledges; (last segment folded, files removed), (0, 0) when nothing.
    `however_few`: False for a plain sync's own fold, which waits for FOLD_AFTER segments since the last one.
    FoldTooLarge when the snapshot would be larger than a reader takes whole (nothing is written then)."""
    least = 1 if however_few else FOLD_AFTER
    replica_id = replica.config.replica_id
    own_folder = folder.own(replica_id)
    own = ledger.own_segments(replica_id)
    if not own:
        return 0, 0
    agreed, _ = acknowledged(replica, folder)
    last = min(own[-1][0], own[-1][0] if agreed is None else agreed)
    done = compacted(replica)
    files = _own_files(own_folder)
    folded = [(name, parsed) for name, parsed in files if parsed.seq <= last]
    if last <= done or len(folded) < 2 or sum(1 for row in own if done < row[0] <= last) < least:
        return 0, 0
    size = _size(replica, own_folder, [row[1] for row in own if done < row[0] <= last])
    if size > segment.MAX_WRITE:  # larger than one file a reader takes whole: left as segments, unread
        raise FoldTooLarge(size)
    lines, tip = snapshot_lines(replica, ledger, last)
    if sum(len(line) + 1 for line in lines) > segment.MAX_WRITE:
        raise FoldTooLarge(sum(len(line) + 1 for line in lines))
    if not tip:
        return 0, 0
    target = write_snapshot(own_folder, replica_id, last, lines, tip, key)
    with replica.store.lock, replica.store.writing():
        ledger.record(replica_id, target.name, last, tip, "done", len(lines), own=True)
        replica.store.set_meta(COMPACTED, str(last))
    removed = 0
    for name, _ in folded:
        if name != target.name:
            try:
                os.unlink(own_folder / name)
                removed += 1
            except OSError:
                pass
    return last, removed


def _size(replica: Replica, own_folder: Path, segments: list[str]) -> int:
    """The bytes of this replica's snapshot and of these segments of its own, as the ledger names them: a little
    more than a snapshot of their lines (each has its trailer). A file nobody recorded counts for nothing."""
    names = list(segments)
    with replica.store.lock:
        row = replica.store.conn.execute(
            "SELECT name FROM sync_segments WHERE source = ? AND own = 1 AND seq = ? AND name LIKE '%.snapshot.jsonl'",
            (replica.config.replica_id, compacted(replica)),
        ).fetchone()
    if row is not None:
        names.append(str(row[0]))
    total = 0
    for name in names:
        try:
            total += os.lstat(own_folder / name).st_size
        except OSError:
            pass
    return total


def _own_files(own_folder: Path) -> list[tuple[str, segment.SegmentName]]:
    found = []
    try:
        names = os.listdir(own_folder)
    except OSError:
        return []
    for name in names:
        parsed = segment.parse_name(name)
        if parsed is not None and not parsed.copy:
            found.append((name, parsed))
    return found


def restore_snapshot(
    replica: Replica, own_folder: Path, ledger: Ledger, key: DeviceKey
) -> tuple[str | None, str | None]:
    """Write this replica's snapshot again when it went missing from its folder or is not what was written
    there (damaged, cut, a link or a FIFO in its place): (its name when written, a problem to report).
    A folder in its place is said, never written over or through, and the export goes on.

    The same events in the same order, sealed by the same key, make the same file byte for byte, as
    restore.py does for segments: a teammate joining later still finds everything that was folded (the
    folded segments are gone, so the snapshot is their only copy). As there, the file is read again only
    when it looks changed (size, times, inode) since it was last found whole."""
    from .restore import looks

    last = compacted(replica)
    if not last:
        return None, None
    with replica.store.lock:
        row = replica.store.conn.execute(
            "SELECT name FROM sync_segments WHERE source = ? AND own = 1 AND seq = ? AND name LIKE '%.snapshot.jsonl'",
            (replica.config.replica_id, last),
        ).fetchone()
    if row is None:
        return None, None
    path = own_folder / row[0]
    found = _regular(path)
    if found is not None and json.dumps([row[0], *looks(found)]) == replica.store.meta(SNAPSHOT_SEEN, ""):
        return None, None
    if os.path.isdir(path) and not os.path.islink(path):
        return None, f"{row[0]}: cannot write your snapshot again: a folder has its name; move it away"
    lines, tip = snapshot_lines(replica, ledger, last)
    data, digest = _snapshot_bytes(replica.config.replica_id, last, lines, tip, key)
    if segment.snapshot_name(last, digest) != row[0]:
        return None, f"{row[0]}: cannot write your snapshot again: the events here no longer match it"
    written = found is None or not _holds(path, data)
    if written:
        segment.write_atomic(path, data)  # over a damaged file, a link or a FIFO (never through them)
    found = _regular(path)
    if found is not None:
        with replica.store.lock, replica.store.writing():
            replica.store.set_meta(SNAPSHOT_SEEN, json.dumps([row[0], *looks(found)]))
    return (row[0] if written else None), None


SNAPSHOT_SEEN = "sync.own_snapshot"
"""meta: [name, size, mtime_ns, inode, ctime_ns] of this replica's snapshot when last found whole."""


def _regular(path: Path) -> os.stat_result | None:
    """The file's own status when it is a regular file (never through a link); None for anything else."""
    try:
        found = os.lstat(path)
    except OSError:
        return None
    return found if stat.S_ISREG(found.st_mode) else None


def _holds(path: Path, data: bytes) -> bool:
    try:
        return segment.read_file(path, len(data)) == data
    except (OSError, segment.NotAFile):
        return False
