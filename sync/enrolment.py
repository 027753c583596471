"""The roster as the segment checks ask it (verify.Team): the founding stamp and whose device a key is;
and the folders whose device the roster does not enrol, said once per folder.

The roster is a fold of signed roster events filed under `TEAM_STREAM`; each
carries its own signature, checked by the fold, so roster events met in a segment
can be folded in before the segment itself is admitted (a joiner's first segment
enrols the very key that signed it) without trusting the segment.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from baton.core.errors import BatonError
from baton.core.replica import Replica
from baton.core.store import Store
from baton.core.team import acceptance, origins
from baton.core.team.join_wait import JoinWait, WroteAfter, join_wait
from baton.core.team.keys import DeviceKey
from baton.core.team.membership import device_key
from baton.core.team.origins import Watermark
from baton.core.team.roster import TEAM_STREAM, Roster, fold_roster, not_on_team

from .folder import ReplicaInfo, Source
from .report import SyncReport
from .verify import Team


@dataclass(frozen=True)
class RosterTeam:
    roster: Roster
    wrote_after: WroteAfter | None = None
    """Store.wrote_after: whether a join's invitation's record is known never to have been made (join_wait.py)."""

    @property
    def founded_hlc(self) -> str | None:
        return self.roster.founded_at if self.roster.founded else None

    def device_owner(self, public_key: str) -> str | None:
        """The user this key was enrolled for, even if that enrolment has ended (see verify.py, rule 3)."""
        devices = self.roster.devices.get(public_key, ())
        return devices[0].user if devices else None

    def knows_replica(self, replica: str) -> bool:
        return self.roster.vouches_for(replica)

    def vouches_segment(self, replica: str, seq: int, sha256: str) -> bool:
        from baton.core.team.legacy import vouches_segment

        return vouches_segment(self.roster, replica, seq, sha256)

    def retired(self, public_key: str) -> tuple[str, str] | None:
        return self.roster.retired.get(public_key)

    def watermark(self, public_key: str) -> Watermark | None:
        return self.roster.watermarks.get(public_key)

    def join_wait(self, replica: str) -> JoinWait | None:
        return join_wait(self.roster, replica, self.wrote_after)


def roster_events(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The events among these that change the roster (one pass, no call per event: segments are large)."""
    return [event for event in events if event["handoff"] == TEAM_STREAM]


Events = list[dict[str, Any]]


def roster_view(store: Store) -> tuple[Callable[[Events], Team], Callable[[Events], Events]]:
    """`team_for(events)`: the roster from the stored roster events plus `events`; and `roster_events`."""
    stored: list[dict[str, Any]] | None = None

    def team_for(extra: list[dict[str, Any]]) -> Team:
        nonlocal stored
        if not extra:
            return RosterTeam(store.roster(), store.wrote_after)
        if stored is None:
            stored = store.roster_events()
        events = {event["id"]: event for event in [*stored, *extra]}  # some may be stored by now
        withdrawn = lambda marks: origins.withdrawn(store.conn, marks)  # noqa: E731
        return RosterTeam(fold_roster(events.values(), store.team_pin(), withdrawn), store.wrote_after)

    return team_for, roster_events


def report_outsiders(
    replica: Replica, sources: list[Source], infos: dict[str, ReplicaInfo | BatonError], report: SyncReport
) -> None:
    """Folders whose device the team's roster does not enrol: said once per folder, with where it is.

    A stranger's folder whose segments were kept aside is already named (admission.py); this
    adds what to do for this device itself and for a teammate from before the team.
    """
    roster = replica.store.roster()
    if not roster.founded:
        return
    rivals = acceptance.rivals_told(replica.store, replica.config.replica_id)
    if rivals is not None:
        report.warn(rivals.said(replica.user))
    _report_own_key(replica, roster, report)
    if acceptance.unconfirmed(replica.store):
        report.warn(acceptance.said(replica.store))
    for source in sources:
        info = infos[source.replica]
        if not isinstance(info, ReplicaInfo) or not source.segments:
            continue
        devices = roster.by_replica.get(source.replica, ())
        if any(d.until is None or d.key in roster.retired for d in devices) or roster.removed(info.user):
            continue  # on the team, or retired by a lead (what it signs after is kept aside and named by file)
        join = join_wait(roster, source.replica, replica.store.wrote_after)
        if join is not None and source.replica == replica.config.replica_id:
            report.warn(join.reason)  # joined: what it waits for, or why it never counts
        elif source.replica == replica.config.replica_id:
            report.warn(
                f"this device is not on the team: nothing you write is applied by your teammates; "
                f"ask a lead for `baton team invite {info.user}`"
            )
        elif source.replica in roster.legacy:
            report.warn(
                f"{info.user}'s device has not joined the team yet (its folder: {source.path}): "
                f"a lead can `baton team invite {info.user}` or `baton team confirm {info.user}`"
            )
        elif not any(issue.replica == source.replica for issue in report.trust):
            # Its segments were taken in (written before the team's roster reached them); their events are not applied.
            report.warn(f"{join.reason if join else not_on_team(info.user)} (its folder: {source.path})")


def _report_own_key(replica: Replica, roster: Roster, report: SyncReport) -> None:
    """This device is on the team, but under another key than the one it signs with now (said once a sync:
    the export says the same line when it writes nothing for it, run.py)."""
    try:
        key = device_key(replica.home)
    except BatonError:
        return  # a damaged key is already said by the export
    wrong = unenrolled_key(replica, roster, key)
    if wrong is not None:
        report.problem(replica.home.device_key, wrong, retry=True)


def unenrolled_key(replica: Replica, roster: Roster, key: DeviceKey) -> str | None:
    """Why this home's device key may not write in the shared folder, or None: the roster enrols this device
    under another key (a device.key deleted and made again, or another device's copied in).

    Nothing is then written, not even this replica's own segments again (restore.py): sealed with a key the
    team did not enrol for this user, a newcomer would see this user's history as a forgery.
    """
    enrolled = [d for d in roster.by_replica.get(replica.config.replica_id, ()) if d.until is None]
    if not enrolled or any(d.key == key.public for d in enrolled):
        return None
    owner = roster.device_user(key.public)
    whose = f", the key of {owner}'s device" if owner is not None and owner != replica.user else ""
    return (
        f"this device's key ({key.fingerprint}{whose}) is not the one the team enrolled for {replica.user} "
        f"on this device ({enrolled[0].fingerprint}): nothing was written to the shared folder; "
        f"put the old {replica.home.device_key.name} back if you have it; otherwise ask a lead"
    )
