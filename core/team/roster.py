"""The roster: who is on the team, on which devices, in which role, as of any clock stamp.

The roster is not configuration: it is a fold of signed roster events that sit in
the event log (under the reserved handoff id `TEAM_STREAM`) and travel through
sync like every other event. `fold_roster(events, pin)` is a pure function of the
*set* of events: sorted by stamp, each is checked against the roster as it stands
at its place (see changes.py for the rules of each kind), so every replica that
holds the same events answers "was X a lead at stamp S?" the same way.

Roster events (all signed by the device that wrote them, `payload.device/sig`):
- `team_founded`  the founder (a lead) and their device; `legacy` names, per
                  replica, the newest stamp of the old work the founder held:
                  the events from before the team that the founding vouches for.
- `member_invited` a lead records an invitation it made (shown as pending). A join counts only with
                  that record, wherever it sorts: it sits in the maker's folder, where watermarks
                  reach it (a key past its end cannot mint a code stamped before it).
- `member_joined` a new member's (or new device's) first roster event; it carries
                  the signed invitation, so it is valid without anyone online.
- `device_added`  a lead confirms a device already writing in the folder
                  (the upgrade path), after comparing its fingerprint.
- `member_set`    role, stages (leads only); name, tz, hours, holidays (the person
                  themself or a lead); a name another member goes by is refused.
- `member_away`   a period away (`start`, `end` dates; `reason`, typed text for the team;
                  `cancel` withdraws it).
- `member_removed` by a lead: the person's devices stop counting from there.
- `device_retired` by a lead: one device (`key`) of a person (`user`) stops counting
                  from there, say a lost laptop; the person and their other devices
                  stay. `upto` names the last segment of its folder the lead's copy
                  had taken in (origins.py): what it signed up to there keeps
                  counting, anything it signs past there is kept aside like a
                  stranger's, whatever time it claims (a stolen key cannot backdate
                  its way in). A retirement without `upto` (older baton) ends the
                  device by stamp, until a lead's copy names its watermark in a
                  second `device_retired` for that key (retire_marks.py).
- `invite_revoked` by a lead or whoever made it: the invitation (`invite`, its id)
                  never counts, whatever a join using it is stamped: a code that
                  leaked cannot be used by backdating the join (see `fold_roster`).
                  With `lapsed`, written by a lead's copy by itself: the invitation
                  expired, by that lead's clock, before the lead saw it used. That is
                  how expiry is judged on a clock the joiner does not hold: a join's
                  own stamp is the joiner's to choose (membership.lapse_expired).
- `checklist_published` by a lead: a checklist the team knows, by content hash.
- `stage_rule`    by a lead: how a stage picks the receiver of a handoff sent to it
                  (`rule`, and `owner` for a fixed triage owner; see routing.py).

Root of trust. The team *is* its founding event: its id is the team id and its
signing key the founder's key. A replica learns which team is its own when it
founds it, or when it joins (the invitation code carries the founding id and
key); that choice is pinned in the replica's store (`TeamPin`). Every later
"team founded", by any key, is ignored (kept, listed as refused). A replica from
before teams that a lead confirmed (it never saw an invitation code) pins the
founding whose roster enrols its own device; until then the earliest founding
stands for it provisionally, so a forged founding stamped earlier, which enrols
none of the team's devices, is never the one it pins (Store._trusted_founding).
`baton team` shows the founder's fingerprint to check out of band.

Time. A question about the roster is asked at a stamp and sees the changes made
strictly before it. Role and membership are strictly by stamp: a demoted lead's
later waiver is not a lead's. A device's enrolment, the first time its key is
enrolled, counts from the start of the log (a device confirmed or invited after
it already wrote in the folder keeps its earlier work); removing its person ends
it at the removal's stamp. Old work the founding vouches for (a replica's events
up to the newest stamp the founder held from it) follows the rules from before
teams (the `as_lead` flag) and is marked "written before the team was founded".
Anything else stamped before the founding (a teammate's work the founder had not
seen yet, or a backdated clock) is judged by the roster as it stood just after
the founding: backdating an event gains nothing the roster did not grant.

Queries cost a dictionary lookup and a bisection: the import asks them per event.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from ..events import ROSTER_KINDS as ROSTER_KINDS  # listed in events.py; still importable from here
from ..events import TEAM_STREAM as TEAM_STREAM  # the same: a store without a team never loads this module
from .checklists import builtin_checklists, differences
from .join_wait import join_wait
from .legacy import Vouching, vouched
from .origins import Watermark
from .standing import Standing, WriterProblem
from .standing import not_on_team as not_on_team  # the words live with the standings; importable from here

BEFORE_TEAM = "written before the team was founded"


@dataclass(frozen=True)
class TeamPin:
    """The team this replica belongs to: its founding event's id and the founder's key."""

    id: str
    key: str


class DaysAway(NamedTuple):
    """A period someone is away, as the roster keeps it: both days included, in their own calendar."""

    first: str
    """YYYY-MM-DD."""
    last: str
    reason: str = ""
    """Why, as they or a lead typed it ("" when not said): what a sender, `teammates` and `team` are told."""


@dataclass(frozen=True)
class Member:
    """One person on the team as of a stamp: a change makes a new Member, so earlier stamps keep their answer."""

    user: str
    name: str
    role: str
    """`lead` or `member`."""
    stages: tuple[str, ...] = ()
    """Stages this person receives work for."""
    hours: str | None = None
    """Working hours in their zone, e.g. `mon-fri 09:00-17:00` or `mon-fri 09:00-12:00, 13:00-17:00`."""
    holidays: str | None = None
    """Public holidays region code, e.g. `DE` or `US-CA`."""
    tz: str | None = None
    """IANA time zone."""
    away: tuple[DaysAway, ...] = ()
    """Days away, sorted."""
    added_by: str = ""
    added_at: int = 0
    """Wall time (UTC ms) of the change that put them on the team."""
    since: str = ""
    """The stamp they joined at."""


@dataclass(frozen=True)
class Device:
    """A device key enrolled for a person: what proves an event was written by them, not by the folder."""

    key: str
    user: str
    replica: str
    fingerprint: str
    added_by: str
    added_at: int
    since: str
    """Counts for events stamped after this ("" = from the start of the log)."""
    until: str | None = None
    """Stops counting at this stamp (its person was removed)."""

    def counts_at(self, hlc: str) -> bool:
        """Whether an event stamped `hlc` and signed by this key speaks for its person."""
        return self.since < hlc and (self.until is None or hlc < self.until)


@dataclass(frozen=True)
class Refused:
    """A roster event kept in the log but not applied, and why."""

    event_id: str
    kind: str
    author: str
    at: int
    reason: str


@dataclass
class Roster:
    """The team as the log says it is, with its history, so any question can be asked at any stamp."""

    pin: TeamPin | None = None
    team: str | None = None
    founder: str = ""
    founder_key: str = ""
    founded_at: str = ""
    """The founding event's stamp; "" while there is no team."""
    founded_ms: int = 0
    legacy: dict[str, str] = field(default_factory=dict)
    """Replica -> newest stamp of its old work the founding vouches for (and by which segments: `vouching`)."""
    vouching: Vouching = field(default_factory=Vouching)
    history: dict[str, tuple[list[str], list[Member | None]]] = field(default_factory=dict)
    """Per user, each change in stamp order: the member as of that stamp (None: removed)."""
    removals: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    """Per user: (stamp, by whom) of each removal."""
    devices: dict[str, list[Device]] = field(default_factory=dict)
    by_replica: dict[str, list[Device]] = field(default_factory=dict)
    checklists: dict[str, tuple[dict[str, Any], str, str]] = field(default_factory=dict)
    """Published checklists by content hash: (snapshot, stamp, by whom)."""
    stage_rules: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    """How each stage routes, as a lead last set it: (rule, triage owner or None)."""
    invites: dict[str, Any] = field(default_factory=dict)
    """Invitations leads recorded, by id (`invite.Invite`)."""
    used: dict[str, str] = field(default_factory=dict)
    """Invitation id -> who joined with it."""
    retired: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Device key -> (stamp, by whom) of its retirement."""
    watermarks: dict[str, Watermark] = field(default_factory=dict)
    """Device key -> the last segment of its folder that counts (retirements that name one)."""
    removal_marks: dict[str, Watermark] = field(default_factory=dict)
    """Device key -> the last segment of its folder that counts, named by the removal of its person."""
    demotions: dict[str, tuple[Watermark, str]] = field(default_factory=dict)
    """Device key -> (the last segment of its folder its person's demotion saw, the demotion's stamp)."""
    floors: dict[str, str] = field(default_factory=dict)
    """Event id -> the stamp its author's authority is judged at, when later than its own: what a demoted
    lead's devices signed past the demotion's watermark (roster_fold.py). Set by the store."""
    outlawed: frozenset[str] = frozenset()
    """Events of a removed person's device past the removal's watermark: kept in the log and shown as not
    applied (every replica takes them in), however early their stamp. Set by the store, like `withdrawn`."""
    withdrawn: frozenset[str] = frozenset()
    """Events that came only in segments past a retired device's watermark: kept in the log, never applied.
    Set by the store, which knows which segment brought which event (origins.py)."""
    revoked: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Invitation id -> (stamp, by whom) of its revocation."""
    revoked_anywhere: frozenset[str] = frozenset()
    """Invitations revoked anywhere in the log (a first pass of the fold): joins using them never count."""
    lapsed: set[str] = field(default_factory=set)
    """Revocations that say the invitation expired unused, as a lead's clock saw it (see `lapse_expired`)."""
    lapsed_anywhere: frozenset[str] = frozenset()
    recorded_anywhere: frozenset[str] = frozenset()
    """Invitations whose `member_invited` record counts anywhere in the log (a first pass of the fold): a join
    counts only with its invitation recorded by its maker's device, wherever that record sorts."""
    waiting: dict[str, tuple[str, Any]] = field(default_factory=dict)
    """Invitation id -> (the joining replica, the invitation) of a join that used it before any record of it
    counted, in this pass of the fold (join_wait.py says what it is told as)."""
    applied: list[str] = field(default_factory=list)
    refused: list[Refused] = field(default_factory=list)

    # ---- the team ---------------------------------------------------------
    @property
    def founded(self) -> bool:
        return self.team is not None

    def judges(self, replica: str, hlc: str, event_id: str = "") -> bool:
        """Whether an event from `replica` at `hlc` meets the roster's rules, not the old ones (see the docstring)."""
        if self.team is None:
            return False
        if hlc > self.founded_at:
            return True
        stamp = vouched(self, replica, event_id)
        return stamp is None or hlc > stamp

    def when(self, hlc: str) -> str:
        """The stamp to ask the roster at for an event at `hlc`: never before the founding took effect."""
        return hlc if hlc > self.founded_at else self.founded_at + "\0"

    def version(self) -> tuple[str, ...]:
        """Changes whenever the roster does: the applied roster events."""
        return tuple(self.applied)

    # ---- members ----------------------------------------------------------
    def member(self, user: str, at: str | None = None) -> Member | None:
        """The member as of stamp `at` (None: now); None when not on the team then."""
        found = self.history.get(user)
        if found is None:
            return None
        stamps, states = found
        index = (len(stamps) if at is None else bisect_left(stamps, at)) - 1
        return states[index] if index >= 0 else None

    def is_lead(self, user: str, at: str | None = None) -> bool:
        """Whether `user` was a lead at stamp `at` (None: now). Strictly by stamp."""
        member = self.member(user, at)
        return member is not None and member.role == "lead"

    def members(self, at: str | None = None) -> list[Member]:
        """Everyone on the team at `at` (None: now), by user name."""
        return [m for user in sorted(self.history) if (m := self.member(user, at)) is not None]

    def members_for_stage(self, stage: str, at: str | None = None) -> list[Member]:
        """Members who receive work for `stage`, by user name."""
        return [m for m in self.members(at) if stage in m.stages]

    def removed(self, user: str, at: str | None = None) -> tuple[str, str] | None:
        """(stamp, by whom) when `user` stood removed at `at`; else None."""
        found = self.history.get(user)
        if found is None or self.member(user, at) is not None:
            return None
        stamps, _ = found
        limit = stamps[-1] if at is None else at
        past = [r for r in self.removals.get(user, []) if r[0] <= limit]
        return past[-1] if past else None

    def gone(self) -> dict[str, str]:
        """Everyone removed from the team and not back on it now: user -> the lead who removed them."""
        return {user: found[1] for user in sorted(self.history) if (found := self.removed(user)) is not None}

    # ---- devices ----------------------------------------------------------
    def device_user(self, public_key: str, at: str | None = None) -> str | None:
        """Whose device `public_key` is at `at` (None: now); None when it is not enrolled then."""
        for device in self.devices.get(public_key, ()):
            if (at is None and device.until is None) or (at is not None and device.counts_at(at)):
                return device.user
        return None

    def is_enrolled(self, user: str, public_key: str, at: str | None = None) -> bool:
        return self.device_user(public_key, at) == user

    def devices_of(self, user: str) -> list[Device]:
        """Every device ever enrolled for `user` (ended ones have `until`)."""
        return sorted(
            (d for found in self.devices.values() for d in found if d.user == user), key=lambda d: (d.since, d.key)
        )

    def vouches_for(self, replica: str) -> bool:
        """Whether the team accepts this replica's events from before the founding."""
        return replica in self.legacy or replica in self.by_replica

    def writer_problem(self, author: str, replica: str, hlc: str, event_id: str = "") -> WriterProblem | None:
        """Why an event by `author` from replica `replica` at `hlc` is not the team's; None when it is.

        Asked for every event an import folds: one dictionary lookup and a comparison or two.
        """
        if self.team is None:
            return None
        devices = self.by_replica.get(replica, ())
        if hlc <= self.founded_at:
            stamp = vouched(self, replica, event_id)
            if stamp is not None and hlc <= stamp:
                return None
            hlc = self.founded_at + "\0"
        for device in devices:
            if device.since < hlc and (device.until is None or hlc < device.until):
                return None if device.user == author else WriterProblem(Standing.OTHERS_DEVICE, author, device.user)
        for device in devices:
            retired = self.retired.get(device.key)
            if device.user == author and retired is not None and hlc >= retired[0]:
                return WriterProblem(Standing.RETIRED_DEVICE, author, retired[1], device.fingerprint)
        removal = self.removed(author, hlc)
        if removal is not None:
            return WriterProblem(Standing.REMOVED, author, removal[1])
        join = join_wait(self, replica)
        if join is not None:
            return WriterProblem(Standing.JOIN_WAITS, author, join.maker, join=join)
        return WriterProblem(Standing.NOT_ON_TEAM, author)

    def judge_event(self, event: Any) -> tuple[str, str, bool]:
        """`judge` for a stored event (a mapping with its author, replica, stamp and id)."""
        return self.judge(event["author"], event["replica"], event["hlc"], event["id"])

    def judge(self, author: str, replica: str, hlc: str, event_id: str = "") -> tuple[str, str, bool]:
        """For the fold: (why the event is not the team's, or ""; BEFORE_TEAM for old vouched work, or "";
        whether it is held: written by no device of its author's on the team).

        A held event is folded as if it were not in the log: the import keeps such segments aside
        (sync/verify.py, rule 3), so a replica that took one in before it knew the roster (before the
        founding reached it, or before a retirement did) must show what a replica that kept it aside
        shows, or the two would differ for good. The sync report and `baton doctor` name it by folder.
        Which events are held is the standing's to say (`WriterProblem.held`), never the wording's.
        """
        refusal = self.writer_problem(author, replica, hlc, event_id)
        if refusal is not None:
            return refusal.reason, "", refusal.held
        return "", BEFORE_TEAM if hlc <= self.founded_at and not self.judges(replica, hlc, event_id) else "", False

    # ---- checklists -------------------------------------------------------
    def knows_checklist(self, sha: str, at: str | None = None) -> bool:
        if sha in builtin_checklists():
            return True
        published = self.checklists.get(sha)
        return published is not None and (at is None or published[1] < at)

    def checklist_problem(self, snapshot: dict[str, Any], sha: str, at: str | None = None) -> str | None:
        """None when the team knows this checklist at `at`; else "unapproved checklist: ..." and what differs."""
        if self.knows_checklist(sha, at):
            return None
        same_id = [s for s in builtin_checklists().values() if s.get("id") == snapshot.get("id")]
        same_id += [
            s
            for s, stamp, _ in self.checklists.values()
            if s.get("id") == snapshot.get("id") and (at is None or stamp < at)
        ]
        known = max(same_id, key=lambda s: int(s.get("version") or 0), default=None)
        return f"unapproved checklist: {snapshot.get('id')} v{snapshot.get('version')}: " + "; ".join(
            differences(snapshot, known)
        )

    # ---- invitations ------------------------------------------------------
    def pending_invites(self, now_ms: int, at: str | None = None) -> list[Any]:
        """Invitations recorded by a lead, not used, not expired, for someone not on the team yet (at stamp `at`,
        None: now; in the fold, the roster holds only what came before it); oldest first."""
        return sorted(
            (
                i
                for i in self.invites.values()
                if i.id not in self.used
                and i.id not in self.revoked
                and i.expires >= now_ms
                and (i.device or self.member(i.user, at) is None)
                and not self.void_by_removal(i, at)
            ),
            key=lambda i: i.hlc,
        )

    def void_by_removal(self, invite: Any, at: str | None = None) -> bool:
        """Whether `invite` was made before its person's removal, standing at `at` (None: now): such a code
        never brings them back, whoever kept it; only an invitation made after the removal does."""
        removal = self.removed(invite.user, at)
        return removal is not None and invite.hlc < removal[0]


# The fold lives beside this module (line budget); importable from here as it always was.
from .roster_fold import fold_roster as fold_roster  # noqa: E402
