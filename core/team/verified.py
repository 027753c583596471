"""Signatures already checked, remembered by what they cover, so a command checks only the roster's new ones.

The roster is folded from its signed events whenever a process first asks for it (every
command), and the fold may run more than once (roster_fold.py settles revocations and
watermarks by folding again). Checking every Ed25519 signature every time is most of that
cost, and it grows with the team's history. A signature is a fact about three things:
the public key, the exact bytes signed and the signature. Once checked, their digest is
remembered here (and, by the store, in its `verified_signatures` table), and the same
three things are not checked again.

Nothing unverified is ever trusted: a digest is added only after PyNaCl said the
signature holds, and it binds the key, the message and the signature together, so a
changed event, a changed payload or a different key makes another digest, which is
checked in full. The table lives in the replica's own database, which only this person's
baton writes (whoever can write it could write events there directly as well).
PyNaCl is not even loaded while every signature a command meets is remembered.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager

_known: set[bytes] = set()


def digest(public_key: str, message: bytes, signature: str) -> bytes:
    """What a checked signature is remembered by: the key, the signature and the bytes signed, together."""
    head = f"baton-verified/1\0{public_key}\0{signature}\0".encode()
    return hashlib.sha256(head + message).digest()


def verify(public_key: str, message: bytes, signature: str) -> bool:
    """keys.verify, checked once per (key, message, signature): a remembered one is not checked again."""
    token = digest(public_key, message, signature)
    if token in _known:
        return True
    from .keys import verify as check  # PyNaCl loads with the first signature not remembered

    if not check(public_key, message, signature):
        return False
    _known.add(token)
    return True


def remember(tokens: Iterable[bytes]) -> None:
    """Digests a store kept from earlier commands (each one checked when it was first met)."""
    _known.update(tokens)


def forget() -> None:
    """Drop everything remembered in this process (tests, and a bench measuring a cold start)."""
    _known.clear()


SCHEMA = "CREATE TABLE IF NOT EXISTS verified_signatures (digest BLOB PRIMARY KEY) WITHOUT ROWID"


def load(conn: sqlite3.Connection) -> set[bytes]:
    """Remember the digests this store kept; those digests (none when it has no table yet)."""
    if conn.execute("SELECT 1 FROM sqlite_schema WHERE name = 'verified_signatures'").fetchone() is None:
        return set()
    rows = {bytes(r[0]) for r in conn.execute("SELECT digest FROM verified_signatures")}
    remember(rows)
    return rows


def keep(conn: sqlite3.Connection, writing: Callable[[], AbstractContextManager[object]], stored: set[bytes]) -> None:
    """Keep the digests checked in this process that the store does not hold yet (`stored`: those it holds,
    grown here), so the next command need not check them.

    Never waits for another process's write (a sync holds the write lock through a whole import): when the
    lock is not free at once, they are kept next time instead. Inside the caller's transaction if there is one."""
    found = _known - stored
    if not found:
        return
    outside = not conn.in_transaction
    before = conn.execute("PRAGMA busy_timeout").fetchone()[0] if outside else None
    try:
        if outside:
            conn.execute("PRAGMA busy_timeout = 0")
        with writing():
            conn.execute(SCHEMA)
            conn.executemany("INSERT OR IGNORE INTO verified_signatures (digest) VALUES (?)", ((t,) for t in found))
        stored |= found
    except sqlite3.Error:
        pass  # busy or read-only: kept with the next fold
    finally:
        if before is not None:
            conn.execute(f"PRAGMA busy_timeout = {int(before)}")
