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

import json
import sqlite3
from collections.abc import Callable, Iterable
from typing import Any, Generic, TypeVar

from .errors import BatonError

_KEY = '"template":{'
_PREFIX = 64
"""Characters of a text that index it: enough to tell checklists apart at a glance."""
MIN_LENGTH = 256
"""Shorter snapshot texts are left alone: sharing them would save little."""
LIMIT = 1024
"""Distinct texts remembered; more than a team ever has."""
_raw = json.JSONDecoder().raw_decode
V = TypeVar("V")


class KnownTexts(Generic[V]):
    """Snapshot texts seen so far, each with what it stands for (its hash, its parsed dict),
    found again at a given place in a longer text by its first characters."""

    def __init__(self, limit: int = LIMIT) -> None:
        self._by_prefix: dict[str, list[tuple[str, V]]] = {}
        self._count = 0
        self._limit = limit

    def at(self, text: str, start: int) -> tuple[str, V] | None:
        """(the known text that `text` holds at `start`, what it stands for), or None."""
        for body, value in self._by_prefix.get(text[start : start + _PREFIX], ()):
            if text.startswith(body, start):
                return body, value
        return None

    def learn(self, text: str, start: int, value_of: Callable[[str, dict[str, Any]], V]) -> tuple[str, V] | None:
        """The JSON object at `start`, remembered with `value_of(its text, its parsed dict)`;
        None when there is none, it is short, or the limit is reached."""
        if self._count >= self._limit:
            return None
        try:
            parsed, end = _raw(text, start)
        except ValueError:
            return None
        if type(parsed) is not dict or end - start < MIN_LENGTH:
            return None
        body = text[start:end]
        value = value_of(body, parsed)
        self.add(body, value)
        return body, value

    def add(self, body: str, value: V) -> None:
        self._by_prefix.setdefault(body[:_PREFIX], []).append((body, value))
        self._count += 1


class SnapshotTexts:
    """The texts of one store's `snapshots` table, cut from and put back into payloads."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._bodies: dict[str, str] = {}
        self._texts: KnownTexts[str] = KnownTexts()
        self._parsed: dict[str, dict[str, Any]] = {}

    def cut(self, payload: str) -> tuple[str, str | None, int | None]:
        """(payload without the snapshot text, its SHA-256, where it was); (payload, None, None) when not cut."""
        found = payload.find(_KEY)
        if found < 0:
            return payload, None, None
        start = found + len(_KEY) - 1
        known = self._texts.at(payload, start) or self._texts.learn(payload, start, self._named)
        if known is None:
            return payload, None, None
        body, sha = known
        return payload[:start] + payload[start + len(body) :], sha, start

    def parsed(self, sha: str) -> dict[str, Any]:
        """The text named `sha`, parsed once and its template known to the projection (the same dict every time)."""
        found = self._parsed.get(sha)
        if found is None:
            from .template_snapshot import trusted_snapshot

            found = self._parsed[sha] = json.loads(self._body(sha))
            trusted_snapshot(found)
        return found

    def join(self, payload: str, sha: str | None, at: int | None) -> str:
        """The payload as it was written, from what `cut` stored."""
        if sha is None:
            return payload
        body = self._body(sha)
        return payload[:at] + body + payload[at:]

    def _body(self, sha: str) -> str:
        body = self._bodies.get(sha)
        if body is None:
            row = self._conn.execute("SELECT body FROM snapshots WHERE sha256 = ?", (sha,)).fetchone()
            if row is None:
                raise BatonError(
                    f"the database is damaged: checklist snapshot {sha[:12]} is missing from its snapshots table"
                )
            body = self._bodies[sha] = row[0]
            self._texts.add(body, sha)
        return body

    def store(self, shas: Iterable[str]) -> None:
        """Make sure these texts are in the table, inside the caller's transaction.

        Called for every text an insert refers to, known or not: a text learnt in a
        transaction that was rolled back is remembered here but not stored there.
        """
        self._conn.executemany(
            "INSERT OR IGNORE INTO snapshots (sha256, body) VALUES (?, ?)",
            [(sha, self._bodies[sha]) for sha in set(shas)],
        )

    def _named(self, body: str, _parsed: dict[str, Any]) -> str:
        import hashlib  # loaded by the first checklist stored, not by every read

        sha = hashlib.sha256(body.encode()).hexdigest()
        self._bodies[sha] = body
        return sha
