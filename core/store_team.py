"""The team's part of the store: the roster folded from its events, the pinned team, and the rules they give.

Kept apart from store.py so the event log and projections read on their own; `Store`
inherits these methods and every fold, import and check asks `Store.rules`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

from .event_log import id_args, id_in, stored_id
from .events import TEAM_STREAM, event_from_row
from .permissions import PAYLOAD_FLAG, RuleContext
from .snapshot_texts import SnapshotTexts
from .team import origins
from .team.context import context_for
from .team.signing import signed_by

if TYPE_CHECKING:
    from _thread import RLock

    from .team.roster import Roster, TeamPin


class TeamRecords:
    """The meta table, whole event rows, the roster, the team pin and the teammates seen of one store
    (mixed into `Store`)."""

    conn: sqlite3.Connection
    lock: RLock
    own_replica: str | None
    _roster: tuple[tuple[int, str | None, int], Roster | None, RuleContext] | None
    _rules: RuleContext | None
    _signatures: set[bytes] | None = None
    """The digests of checked signatures this store holds (core/team/verified.py); None until read."""
    snapshots: SnapshotTexts
    writing: Callable[[], AbstractContextManager[None]]

    def meta(self, key: str, default: str | None = None) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_meta(self, key: str, value: str) -> None:
        self.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def teammates(self) -> dict[str, dict[str, Any]]:
        return {r["user"]: dict(r) for r in self.conn.execute("SELECT * FROM teammates")}

    def teammate(self, user: str) -> dict[str, Any] | None:
        """One teammate's row (by the table's primary key: `show` and `send` name the receiver), or None."""
        row = self.conn.execute("SELECT * FROM teammates WHERE user = ?", (user,)).fetchone()
        return dict(row) if row is not None else None

    def upsert_teammate(
        self, user: str, display_name: str, tz: str, role: str = "member", last_seen: int | None = None
    ) -> None:
        self.conn.execute(
            "INSERT INTO teammates (user, display_name, tz, role, last_seen) VALUES (?,?,?,?,?) "
            "ON CONFLICT(user) DO UPDATE SET display_name=excluded.display_name, tz=excluded.tz, "
            "role=excluded.role, last_seen=MAX(COALESCE(teammates.last_seen, 0), COALESCE(excluded.last_seen, 0))",
            (user, display_name, tz, role, last_seen),
        )

    def whole_row(self, row: sqlite3.Row | dict[str, Any]) -> dict[str, Any]:
        """A stored events row with its payload whole (its snapshot text put back)."""
        event = dict(row)
        event["payload"] = self.snapshots.join(event.pop("payload"), event.pop("snapshot"), event.pop("snapshot_at"))
        return event

    def team_pin(self) -> TeamPin | None:
        """The team this replica belongs to (set when it founds or joins one, or first sees one)."""
        raw = self.meta("team")
        if not raw:
            return None
        from .team.roster import TeamPin

        data = json.loads(raw)
        return TeamPin(data["id"], data["key"])

    def pin_team(self, pin: TeamPin) -> None:
        self.set_meta("team", json.dumps({"id": pin.id, "key": pin.key}))
        self._roster = None

    def wrote_after(self, replica: str, hlc: str) -> bool:
        """Whether this copy holds an event written in folder `replica` stamped after `hlc` (join_wait.py asks,
        for a join whose invitation's record has not come: rare, so a scan of the log is fine)."""
        with self.lock:
            row = self.conn.execute(
                "SELECT 1 FROM event_log WHERE replica = (SELECT ref FROM names WHERE name = ?) AND hlc > ? LIMIT 1",
                (replica, hlc),
            ).fetchone()
        return row is not None

    def roster_events(self) -> list[dict[str, Any]]:
        rows = self.conn.execute("SELECT * FROM events WHERE handoff_id = ?", (TEAM_STREAM,))
        return [event_from_row(self.whole_row(row)) for row in rows]

    def roster(self) -> Roster:
        """The team's roster from the roster events stored (re-read when another process added some)."""
        with self.lock:
            roster, context = self._team()
            if roster is None:  # no team: the empty roster, made when first asked for
                from .team.roster import Roster

                roster = Roster()
                assert self._roster is not None
                self._roster = (self._roster[0], roster, context)
            return roster

    @property
    def rules(self) -> RuleContext:
        """Who counts as a lead, and which checklists the team knows, in every fold and check of this store.

        The roster's answer at each event's stamp once a team exists (core/team/context.py); before, the old
        rule (the `as_lead` flag). See permissions.RuleContext.
        """
        return self._rules or self._team()[1]

    @rules.setter
    def rules(self, context: RuleContext) -> None:
        """Put another context in the roster's place (a test asking "what if nobody led?")."""
        self._rules = context

    def _team(self) -> tuple[Roster | None, RuleContext]:
        """The roster (None while there is no team) and the rules' context it gives."""
        with self.lock:
            count = self.conn.execute("SELECT count(*) FROM events WHERE handoff_id = ?", (TEAM_STREAM,)).fetchone()[0]
            key = (count, self.meta("team"), origins.count(self.conn) if count else 0)
            if self._roster is None or self._roster[0] != key:
                if key == (0, None, 0):
                    # No roster event, no team pinned: the roster is empty, and context_for's answer for a roster
                    # that is not founded is the old rule. Reading a handoff then never loads the roster's code.
                    self._roster = (key, None, PAYLOAD_FLAG)
                else:
                    from .team import verified
                    from .team.roster import fold_roster

                    if self._signatures is None:  # checked by an earlier command: not checked again (verified.py)
                        self._signatures = verified.load(self.conn)
                    events = self.roster_events()
                    roster = fold_roster(
                        events,
                        self.team_pin() or self._trusted_founding(events),
                        self._withdrawn,
                    )
                    verified.keep(self.conn, self.writing, self._signatures)
                    self._roster = (key, roster, context_for(roster))
            return self._roster[1], self._roster[2]

    def roster_moved(self, before: Roster, new_rows: list[dict[str, Any]]) -> set[str]:
        """After roster events were inserted: the handoffs whose verdicts may have changed (to fold again).

        A replica that belonged to no team pins the team that enrols its device (see `_trusted_founding`).
        """
        after = self.roster()
        if after.team is not None and self.own_replica in after.by_replica and self.team_pin() is None:
            from .team.acceptance import UNCONFIRMED
            from .team.roster import TeamPin

            self.pin_team(TeamPin(after.team, after.founder_key))
            self.set_meta(UNCONFIRMED, "1")  # its founder is to be checked by this home's person (acceptance.py)
            after = self.roster()
        self.teammates_follow(after)
        moved = self.verdicts_moved(before, after)
        if after.version() == before.version() and after.team == before.team:
            return moved
        # An event judged later than it claims (its floor) meets a change stamped between the two: its handoff too.
        moved |= self._holding(set(after.floors))
        params: tuple[str, ...] = ()
        if before.team != after.team:
            query = "SELECT DISTINCT handoff_id FROM events"
        else:
            since = min(row["hlc"] for row in new_rows)
            fresh = sorted(set(after.by_replica) - set(before.by_replica))
            marks = ",".join("?" * len(fresh))
            query = "SELECT DISTINCT handoff_id FROM events WHERE hlc > ?" + (
                f" OR replica IN ({marks})" if fresh else ""
            )
            params = (since, *fresh)
        return ({r[0] for r in self.conn.execute(query, params)} | moved) - {TEAM_STREAM}

    def verdicts_moved(self, before: Roster, after: Roster) -> set[str]:
        """The handoffs holding events that the record of which segment carried them (origins.py) now withdraws,
        outlaws or judges at a later stamp, or no longer does: folded again to stay what every copy shows."""
        floors = after.floors.keys() ^ before.floors.keys()
        return self._holding((after.withdrawn ^ before.withdrawn) | (after.outlawed ^ before.outlawed) | floors)

    def teammates_follow(self, roster: Roster) -> None:
        """Once a team is founded its roster says each member's name and zone (`team set`), not the replica.json
        they wrote once: the teammates rows that `show`, `send` and `teammates` read follow it, so the receiver's
        local time is told in the zone routing and windows use."""
        from .timezones import known_zone

        for member in roster.members() if roster.founded else ():
            self.conn.execute(  # a zone this machine does not know stays the one the teammate's folder gave
                "UPDATE teammates SET display_name = ?, tz = COALESCE(?, tz) WHERE user = ?",
                (member.name, member.tz if known_zone(member.tz) else None, member.user),
            )

    def _holding(self, event_ids: set[str] | frozenset[str]) -> set[str]:
        """The handoffs these events belong to (those withdrawn or given back by a retirement's watermark)."""
        found: set[str] = set()
        ids = sorted(event_ids)
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            found.update(
                r[0]
                for r in self.conn.execute(
                    "SELECT handoff_id FROM logged_events "
                    f"WHERE seq IN (SELECT seq FROM event_log WHERE {id_in(len(chunk))})",
                    id_args([stored_id(i) for i in chunk]),
                )
            )
        return found

    def _withdrawn(self, marks: Any) -> frozenset[str]:
        """origins.withdrawn under this store's lock: the roster may ask it later, from another thread."""
        with self.lock:
            return origins.withdrawn(self.conn, marks)

    def _trusted_founding(self, events: list[dict[str, Any]]) -> TeamPin | None:
        """For a replica that neither founded nor joined by invitation (one from before teams, confirmed by a
        lead): the earliest founding whose roster enrols this replica's device. None: the earliest founding
        stands for now (a forged founding stamped earlier enrols nobody of ours, so it never wins here)."""
        from .team.roster import TeamPin, fold_roster

        foundings = sorted((e for e in events if e["kind"] == "team_founded"), key=lambda e: (e["hlc"], e["id"]))
        for founding in foundings if self.own_replica and len(foundings) > 1 else ():
            key = signed_by(founding)
            pin = TeamPin(founding["id"], key) if key else None
            if pin and self.own_replica in fold_roster(events, pin).by_replica:
                return pin
        return None
