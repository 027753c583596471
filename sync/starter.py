"""Starters: a teammate's copy of the team's history, signed, so a newcomer is ready in seconds, then checked.

A newcomer to a team with a million events would import and fold every one of them (most of a minute). A
replica that folds (`baton sync --compact`) also leaves in its own folder `starter.db`, its store as of
that sync without what is only its own (core/starter_rows.py), and `starter.json`, which names the file's
SHA-256 and size and is signed with its device key. A new home's first import takes the largest starter it
can trust and then only what is newer, instead of every event:

- the signature holds, with the key the folder's replica.json names, for that folder's replica;
- the file is the one signed (its bytes are copied into the home and hashed as they are copied, so what
  was checked is what is used), of this baton's layout, and its tables have this layout's columns;
- its roster, folded here with every signature checked, is this home's team (the invitation's founding,
  when there is one) and enrols the signer's device for a current member.

Anything else and the starter is passed over with one line saying why, and every event is imported as
before: a starter only ever saves time. The newcomer then relies on one teammate for a while, so the next
sync checks the starter against the team's segments (starter_check.py): the whole folder is imported
into a scratch home, as without a starter, and compared; a difference makes this home the one the
segments make, and says so.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import sqlite3
import stat
from pathlib import Path
from typing import Any

from baton.core import bounded_json
from baton.core.hlc import ABSURD_MS, now_ms
from baton.core.replica import Replica
from baton.core.starter_rows import OWN_TABLES, StarterRefused, attached, copy_rows, empty, is_empty
from baton.core.store import Store
from baton.core.team.keys import DeviceKey, verify

from . import acks, segment
from .folder import ReplicaInfo, SyncFolder, read_replica_info
from .ledger import EXPORT_LOOKED, Ledger
from .report import SyncReport

STARTER_DB = "starter.db"
STARTER_FILE = "starter.json"
MAX_STARTER_FILE = 64 << 10
MAX_STARTER_DB = 16 << 30
EXPECTED = "sync.starter_team"
"""meta: the team a joining home's invitation names ({"id", "key"}), before any roster pins it: a starter of
another team is not taken."""
STARTED = "sync.starter"
"""meta: the starter this home was made from, as JSON ({"replica", "user", "sha256", "events", "checked"})."""
PART = "starter.db.part"
"""The copy being taken in, in the home (never read from the shared folder twice)."""


def layout() -> str:
    """What a starter must have been made under to be taken: the store's layouts, which fix its columns."""
    from baton.core.report_tables import REPORT_LAYOUT
    from baton.core.schema import PROJECTION_LAYOUT

    return f"{PROJECTION_LAYOUT}/{REPORT_LAYOUT}"


def message(body: dict[str, Any]) -> bytes:
    """The signed bytes: every field but the signature, in one canonical form."""
    fields = {k: v for k, v in body.items() if k != "sig"}
    return ("baton-starter/1\n" + json.dumps(fields, sort_keys=True, separators=(",", ":"))).encode()


def publish(replica: Replica, folder: SyncFolder, ledger: Ledger, key: DeviceKey) -> Path | None:
    """Write this replica's starter (the file, then what signs it), unless the one there is of the same events;
    None when there is nothing worth one or an own event has not gone out yet (next time)."""
    store, replica_id = replica.store, replica.config.replica_id
    own = folder.own(replica_id)
    with store.lock:
        events = store.conn.execute("SELECT count(*) FROM event_log").fetchone()[0]
        unexported = store.conn.execute(
            "SELECT 1 FROM event_log e JOIN names n ON n.ref = e.replica WHERE n.name = ? AND e.seq > ? LIMIT 1",
            (replica_id, ledger.cursor()[0]),
        ).fetchone()
    if not events or unexported:
        return None
    current = read(own, replica_id)
    if current is not None and current["events"] == events and (own / STARTER_DB).exists():
        return None
    return write(store, own, replica_id, replica.config.user, key, acks.cursors(ledger))


def write(store: Store, own: Path, replica_id: str, user: str, key: DeviceKey, covers: dict[str, int]) -> Path:
    """`store` as a starter in the replica folder `own` (the file whole first, then what signs it)."""
    temp = own / f"{segment.TEMP_PREFIX}{secrets.token_hex(6)}{segment.TEMP_SUFFIX}"
    try:
        with store.lock:
            events = store.conn.execute("SELECT count(*) FROM event_log").fetchone()[0]
            store.conn.execute("VACUUM INTO ?", (str(temp),))
        _keep_shared_only(temp)
        digest, size = _hash(temp)
        body: dict[str, Any] = {
            "v": 1,
            "replica": replica_id,
            "user": user,
            "key": key.public,
            "sha256": digest,
            "bytes": size,
            "events": events,
            "layout": layout(),
            "made": now_ms(),
            "covers": covers,
        }
        body["sig"] = key.sign(message(body))
        os.replace(temp, own / STARTER_DB)
    finally:
        temp.unlink(missing_ok=True)
    segment.write_atomic(own / STARTER_FILE, (json.dumps(body, sort_keys=True, indent=1) + "\n").encode())
    return own / STARTER_DB


def _keep_shared_only(path: Path) -> None:
    """The copy without what is this replica's own (a newcomer never takes those rows: see starter_rows)."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")}
        conn.execute("BEGIN")
        for name in sorted(OWN_TABLES & tables):
            conn.execute(f'DELETE FROM "{name}"')
        conn.execute("COMMIT")
    finally:
        conn.close()


def _hash(path: Path) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def read(folder: Path, replica_id: str, expected_key: str | None = None) -> dict[str, Any] | None:
    """The signed description of `folder`'s starter, when its signature holds for that folder's replica;
    else None (missing, damaged, forged, or another key than `expected_key`)."""
    try:
        body = bounded_json.loads(segment.read_file(folder / STARTER_FILE, MAX_STARTER_FILE))
    except (OSError, ValueError, segment.NotAFile):
        return None
    if not isinstance(body, dict) or body.get("v") != 1 or body.get("replica") != replica_id:
        return None
    fields = {"user": str, "key": str, "sha256": str, "layout": str, "sig": str, "covers": dict}
    if any(not isinstance(body.get(name), kind) for name, kind in fields.items()):
        return None
    if any(type(body.get(name)) is not int or body[name] < 0 for name in ("bytes", "events", "made")):
        return None
    if expected_key is not None and body["key"] != expected_key:
        return None
    return body if verify(body["key"], message(body), body["sig"]) else None


def take(replica: Replica, folder: SyncFolder, ledger: Ledger, report: SyncReport) -> bool:
    """Fill this new, empty home from the best starter it can trust; False (and every event imported as
    before) when there is none, each one passed over said in `report`."""
    store = replica.store
    with store.lock:
        if not is_empty(store):
            return False
    offered, passed = _offered(replica, folder)
    for where, why in passed:
        report.warn(f"{where}: starter not used: {why}; importing every event instead")
    for source, info, body in offered:
        where = source / STARTER_FILE
        try:
            _take_one(replica, ledger, source, info, body)
        except StarterRefused as exc:
            report.warn(f"{where}: {info.user}'s starter not used: {exc}; importing every event instead")
            continue
        except OSError as exc:
            report.warn(f"{where}: {info.user}'s starter not used: {exc.strerror or exc}; importing every event")
            continue
        finally:
            (replica.home.root / PART).unlink(missing_ok=True)
        report.history = (
            f"started from {info.user}'s copy of the team's history ({body['events']:,} events); "
            "the next sync checks it against the team's segments"
        )
        return True
    return False


def _offered(
    replica: Replica, folder: SyncFolder
) -> tuple[list[tuple[Path, ReplicaInfo, dict[str, Any]]], list[tuple[Path, str]]]:
    """Teammates' starters whose signature holds with their folder's key: the founder's first (the one key a
    newcomer knows before any roster, from the invitation), then the most events; and those passed over
    already, with why (unsigned, forged, damaged, or made by another version of baton). A size is only
    claimed: a member's larger starter does not win over the founder's."""
    found, passed = [], []
    for source in folder.sources():
        where = source.path / STARTER_FILE
        if source.replica == replica.config.replica_id or not os.path.lexists(where):
            continue
        try:
            info = read_replica_info(source.path)
        except Exception:
            passed.append((where, "its folder's replica.json cannot be read"))
            continue
        body = read(source.path, source.replica, info.public_key) if info.public_key else None
        if body is None:
            passed.append((where, f"not signed by the key of {info.user}'s folder, or not readable"))
        elif body["layout"] != layout():
            passed.append((where, "made by another version of baton"))
        else:
            found.append((source.path, info, body))
    with replica.store.lock:
        team = _expected(replica)
    founder = team[1] if team is not None else None
    found.sort(key=lambda f: (f[2]["key"] != founder, -f[2]["events"], f[1].replica))  # the founder's first
    return found, passed


def _take_one(replica: Replica, ledger: Ledger, source: Path, info: ReplicaInfo, body: dict[str, Any]) -> None:
    store = replica.store
    part = replica.home.root / PART
    _copy_checked(source / STARTER_DB, part, body["bytes"], body["sha256"])
    ledger.fill_origins()  # its table made, as in every store that has synced (the starter's has it)
    with store.lock, attached(store, part):
        with store.writing():
            copied = copy_rows(store, part)
            _trusted(replica, info.user, body["key"])
            store.conn.execute("UPDATE sync_segments SET own = 0")  # the signer's own files are a teammate's here
            _clock_moved(replica)
            ledger.looked()  # nothing of this home's own among them: an export need not read them
            store.teammates_follow(store.roster())
            started = {k: body[k] for k in ("replica", "user", "key", "sha256", "events", "made")}
            store.set_meta(STARTED, json.dumps({**started, "copied": copied, "checked": False}))
        store.forget_what_was_read()


def judged_again(replica: Replica, folder: SyncFolder, report: SyncReport) -> bool:
    """After the import that followed a starter: its signer judged by the roster the whole folder now gives
    (a removal newer than the starter is in it). True when the starter was undone (everything emptied: the
    caller imports every event); the check against the segments (starter_check.py) still comes next sync."""
    found = started_from(replica)
    if found is None or found.get("checked"):
        return False
    store = replica.store
    source = folder.own(str(found.get("replica", "")))
    try:
        with store.lock:
            _trusted(replica, str(found.get("user", "")), str(found.get("key", "")))
        return False
    except StarterRefused as exc:
        why = str(exc)
    with store.lock, store.writing():
        empty(store)
        store.conn.execute("DELETE FROM meta WHERE key IN (?, ?)", (STARTED, EXPORT_LOOKED))
    report.warn(f"{source / STARTER_FILE}: {found.get('user')}'s starter undone: {why}; importing every event")
    return True


def _clock_moved(replica: Replica) -> None:
    """This home's clock moved past every stamp the starter holds (an import's rule); StarterRefused when one is
    further ahead of this machine's time than an import would take in (reading.py), which no teammate's own
    import could have stored."""
    top = latest_stamp(replica.store, replica.config.replica_id)
    if top is None:
        return
    if top[:16] > f"{now_ms() + ABSURD_MS:016d}":
        raise StarterRefused("it holds events stamped further in the future than an import takes in")
    replica.clock.observe(top)
    replica.store.set_meta("clock", replica.clock.last)


def latest_stamp(store: Store, replica_id: str) -> str | None:
    """The latest stamp of the store's events (one kept as its time alone counts from `at`); None when empty."""
    stamped, at = store.conn.execute("SELECT max(hlc), max(at) FROM event_log").fetchone()
    tops = [str(stamped)] if isinstance(stamped, str) else []
    if type(at) is int:
        tops.append(f"{at:016d}-0000-{replica_id}")
    return max(tops) if tops else None


def expect_team(replica: Replica, team: str, founder: str) -> None:
    """A home joining with an invitation takes only a starter of the invitation's team (joining.py)."""
    with replica.store.lock, replica.store.writing():
        replica.store.set_meta(EXPECTED, json.dumps({"id": team, "key": founder}))


def _expected(replica: Replica) -> tuple[str, str] | None:
    """(founding id, founder's key) of the team this home belongs to or is joining; None when it knows none."""
    pin = replica.store.team_pin()
    if pin is not None:
        return pin.id, pin.key
    try:
        found = json.loads(replica.store.meta(EXPECTED) or "null")
        return (str(found["id"]), str(found["key"])) if isinstance(found, dict) else None
    except (ValueError, KeyError):
        return None


def _trusted(replica: Replica, user: str, key: str) -> None:
    """StarterRefused unless the starter's roster is this home's team and enrols its signer now."""
    store = replica.store
    store.forget_what_was_read()
    roster = store.roster()
    team = _expected(replica)
    if team is not None and (roster.team, roster.founder_key) != team:
        raise StarterRefused("it is another team's history than the one this home joined")
    if not roster.founded:
        return
    signer = roster.device_user(key)
    if signer is None or signer != user or roster.member(signer) is None:
        raise StarterRefused("its signer is not a current member's device on the team's roster")


def _copy_checked(path: Path, into: Path, size: int, sha256: str) -> None:
    """Copy the regular file `path` to `into`, refusing it unless its bytes are exactly `size` long with
    that hash (it may be changing under a sync engine, or be anything else in the folder)."""
    if size > MAX_STARTER_DB:
        raise StarterRefused(f"{size:,} bytes, larger than a starter baton writes")
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise StarterRefused(f"its {STARTER_DB} is missing") from None
    except OSError as exc:
        raise StarterRefused(f"its {STARTER_DB} cannot be opened ({exc.strerror or exc})") from None
    digest, seen = hashlib.sha256(), 0
    with os.fdopen(fd, "rb") as handle, open(into, "wb") as out:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise StarterRefused(f"its {STARTER_DB} is not a regular file")
        while chunk := handle.read(min(1 << 20, size + 1 - seen)):
            seen += len(chunk)
            if seen > size:
                break
            digest.update(chunk)
            out.write(chunk)
    if seen != size or digest.hexdigest() != sha256:
        raise StarterRefused(f"its {STARTER_DB} is not the file its signature names (changed, cut or replaced)")


def started_from(replica: Replica) -> dict[str, Any] | None:
    """The starter this home was made from (see STARTED), None when it imported every event itself."""
    raw = replica.store.meta(STARTED)
    try:
        found = json.loads(raw) if raw else None
    except ValueError:
        return None
    return found if isinstance(found, dict) else None


def started_words(replica: Replica) -> str | None:
    """What to tell someone whose new home was just made from a starter; None for any other home."""
    found = started_from(replica)
    if found is None or found.get("checked"):
        return None
    return (
        f"started from {found.get('user')}'s copy of the team's history ({found.get('events', 0):,} events): "
        "your next sync checks it against the team's segments"
    )
