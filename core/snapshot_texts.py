"""Checklist snapshots stored once, not once per handoff.

A `created` event carries the whole checklist it was made from: about 5 KB of
JSON, in a team that uses a handful of checklists. Stored as is, these texts are
most of the database. So the events table keeps a created event's payload with
the snapshot's text cut out, the cut's place (`snapshot_at`, a character
offset) and the text's SHA-256 (`snapshot`); the `snapshots` table holds each
text once. Putting the text back at that offset gives the payload byte for
byte: where the cut was made never has to be right for the round trip to be
exact, it only has to hold a known text (and it is, in practice, the payload's
`template` value).

Only texts long enough to be worth it are cut, and only a bounded number are
remembered per store; anything else is stored whole, as are events written by
an older baton (both columns NULL).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable

from .errors import BatonError

_KEY = '"template":{'
_PREFIX = 64
MIN_LENGTH = 256
"""Shorter snapshot texts are stored whole: the reference would save little."""
LIMIT = 1024
"""Distinct texts remembered per open store; more than a team ever has."""
_raw = json.JSONDecoder().raw_decode


class SnapshotTexts:
    """The texts of one store's `snapshots` table, cut from and put back into payloads."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._bodies: dict[str, str] = {}
        self._by_prefix: dict[str, list[tuple[str, str]]] = {}

    def cut(self, payload: str) -> tuple[str, str | None, int | None]:
        """(payload without the snapshot text, its SHA-256, where it was); (payload, None, None) when not cut."""
        found = payload.find(_KEY)
        if found < 0:
            return payload, None, None
        start = found + len(_KEY) - 1
        sha = self._known(payload, start) or self._learn(payload, start)
        if sha is None:
            return payload, None, None
        return payload[:start] + payload[start + len(self._bodies[sha]):], sha, start

    def join(self, payload: str, sha: str | None, at: int | None) -> str:
        """The payload as it was written, from what `cut` stored."""
        if sha is None:
            return payload
        body = self._bodies.get(sha)
        if body is None:
            row = self._conn.execute("SELECT body FROM snapshots WHERE sha256 = ?", (sha,)).fetchone()
            if row is None:
                raise BatonError(f"the database is damaged: checklist snapshot {sha[:12]} is missing "
                                 "from its snapshots table")
            body = row[0]
            self._remember(sha, body)
        return payload[:at] + body + payload[at:]

    def store(self, shas: Iterable[str]) -> None:
        """Make sure these texts are in the table, inside the caller's transaction.

        Called for every text an insert refers to, known or not: a text learnt in a
        transaction that was rolled back is remembered here but not stored there.
        """
        self._conn.executemany("INSERT OR IGNORE INTO snapshots (sha256, body) VALUES (?, ?)",
                               [(sha, self._bodies[sha]) for sha in set(shas)])

    def _known(self, payload: str, start: int) -> str | None:
        for body, sha in self._by_prefix.get(payload[start:start + _PREFIX], ()):
            if payload.startswith(body, start):
                return sha
        return None

    def _learn(self, payload: str, start: int) -> str | None:
        if len(self._bodies) >= LIMIT:
            return None
        try:
            value, end = _raw(payload, start)
        except ValueError:
            return None
        if type(value) is not dict or end - start < MIN_LENGTH:
            return None
        body = payload[start:end]
        sha = hashlib.sha256(body.encode()).hexdigest()
        self._remember(sha, body)
        return sha

    def _remember(self, sha: str, body: str) -> None:
        if sha not in self._bodies:
            self._bodies[sha] = body
            self._by_prefix.setdefault(body[:_PREFIX], []).append((body, sha))
