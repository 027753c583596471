"""The trust rules (verify.py) applied during one import: which segments go in, which are kept aside.

A segment is checked twice: its signature and chain as soon as it is read (they
need nothing but the folder and the ledger), and its device once its events are
parsed (the roster may grow during the import itself: a joiner's first segment
carries its signed invitation, a lead's segment enrols others). A segment whose
device is not enrolled waits; after every pass over the queue the roster is
folded again from what was taken in, and the waiting segments are judged again,
until a pass admits nothing more (a fixpoint). What is still waiting then is kept
aside: not recorded as taken in, so it is read again on every sync and applied as
soon as it becomes valid. Nothing is lost.

Kept-aside segments are reported by file with what they claim, except in a folder
nothing was ever taken in from, written by a device the team does not know: one
line for the folder, whatever the number of its segments ("a device claiming to
be ana is not on the team").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import Any

from baton.core.team.keys import fingerprint
from baton.core.team.keys import verify as verify_signature

from . import damaged, segment, verify
from .folder import SegmentFile, Source
from .handover import Handed
from .report import SyncReport, TrustIssue
from .signers import origin_of, other_folders


@dataclass
class Parsed:
    """One segment read and checked line by line, waiting for its device to be judged."""

    replica: str
    folder: Path
    path: Path
    seq: int
    user: str
    seal: segment.Seal | None
    rows: list[dict[str, Any]]
    events: list[dict[str, Any]]
    record: tuple[Any, ...]
    """Its ledger row, written when it is taken in (see Ledger.record)."""
    newest: int = 0
    numbers: list[int] = field(default_factory=list)
    """The line number of each row, to report a copy of an event that is not applied."""
    preferred: bool = False
    """The copy the chain names among copies of its number with other contents (verify.decide)."""
    first: int = 0
    """The first number it stands for (a snapshot folds several; a segment, its own)."""
    handed: Handed | None = None
    """Its rows while still in the second process's parts (handover.py): `rows` is then empty and `events`
    holds only its roster events, what it is judged on."""
    last_hlc: str = field(init=False)
    """The newest stamp among its events ("" when it has none)."""

    def __post_init__(self) -> None:
        if self.handed is not None:
            self.last_hlc = self.handed.last_hlc
        else:
            self.last_hlc = max(map(itemgetter("hlc"), self.rows), default="")

    def gather(self) -> None:
        """Every row in hand: a segment that waits is judged again later, when no part of it is left to read."""
        if self.handed is not None:
            self.rows, self.events, self.numbers = self.handed.whole()
            self.handed = None

    def pieces(self) -> Iterator[tuple[list[dict[str, Any]], list[dict[str, Any]], list[int]]]:
        """Its rows, events and line numbers: at once, or a part at a time as the second process wrote them."""
        if self.handed is None:
            yield self.rows, self.events, self.numbers
        else:
            yield from self.handed.parts()

    def held(self, team: verify.Team) -> verify.Held | None:
        """Rules 3 and 4 for this segment (verify.device); None when it may be applied."""
        return verify.device(self.user, self.replica, self.seal, self.last_hlc, team, self.seq, self.record[3])


class Admission:
    def __init__(
        self,
        team_for: Callable[[list[dict[str, Any]]], verify.Team],
        roster_events: Callable[[list[dict[str, Any]]], list[dict[str, Any]]],
        taken: dict[str, dict[int, set[str]]],
    ) -> None:
        """`team_for(events)`: the roster from what is stored plus `events`; `roster_events(events)`: those
        of `events` that change the roster; `taken`: the ledger's hashes."""
        self.team_for = team_for
        self.roster_events_of = roster_events
        self.taken = taken
        self.chains: dict[str, verify.Chain] = {}
        self.roster_events: list[dict[str, Any]] = []
        """Roster events admitted during this import (not all stored yet)."""
        self.team = team_for([])
        self.waiting: list[Parsed] = []
        self.admitted: set[str] = set()
        self.contested: dict[tuple[str, int], set[str]] = {}
        """(replica, number) holding more than one content -> the hashes the chain names (verify.decide)."""
        self.held: list[tuple[Path, str, verify.Held, str]] = []
        """Segments failing the signature or the chain: file, folder's replica, why, what they claim."""
        self.unwholes: dict[tuple[str, str], str] = {}
        """(replica, `NNNNNN-<sha8>`) of a file that is not a whole segment -> still arriving or damaged."""

    def unwhole(self, replica: str, file: SegmentFile, state: str) -> None:
        """A file found not whole (damaged.py): a segment that follows it says it waits for it, not that it is missing."""
        if not file.name.copy:
            self.unwholes[(replica, file.path.name[: -len(segment.SUFFIX)])] = state

    def expiries(self) -> dict[str, int]:
        """Invitation id -> expiry (UTC ms), as the roster stands in this import (lapses.py)."""
        roster = getattr(self.team, "roster", None)
        invites = roster.invites if roster is not None else {}
        return {invite_id: invite.expires for invite_id, invite in invites.items()}

    def chain_holds(self, replica: str, user: str, path: Path, seq: int, content: segment.Segment, count: int) -> bool:
        """Rules 1 and 2 for a segment just read (of `count` lines); False (and remembered for the report)
        when it fails."""
        chain = self.chains.get(replica)
        if chain is None:
            chain = self.chains[replica] = verify.Chain(replica, self.taken.get(replica, {}))
        held = chain.check(seq, content.sha256, content.seal, content.fold)
        if held is not None:
            copied = _copied(path, content, replica, seq, self.team) if held.kind == verify.SIGNATURE else None
            if copied is not None:
                held, claims = copied
            else:
                claims = _claims(count, user)
            self.held.append((path, replica, held, claims))
        return held is None

    def weigh(self, source: Source, clashes: dict[int, list[str]], written: set[str] | None = None) -> None:
        """For each number of this folder with more than one content, which copies the next number names.

        Read only when a number has two contents (rare): the `prev` of each validly signed copy of the next.
        `written`: for this replica's own folder, the names of the files it wrote; those are the genuine
        copies here (its next segment will name them), so another copy never replaces its own events.
        """
        taken = self.taken.get(source.replica, {})
        for seq in clashes:
            hashes, successors = set(taken.get(seq, set())), []
            for file in source.segments:
                if file.name.seq not in (seq, seq + 1):
                    continue
                try:
                    content = segment.read(file.path)
                except Exception:
                    continue
                if file.name.seq == seq:
                    hashes.add(content.sha256)
                    continue
                seal = content.seal
                message = segment.signed_message(source.replica, seq + 1, seal.prev, content.sha256) if seal else b""
                if seal is not None and verify_signature(seal.key, message, seal.sig):
                    successors.append(seal.prev)
            if written is not None:
                successors += [h for h in hashes if segment.segment_name(seq, h) in written]
            self.contested[(source.replica, seq)] = verify.decide(hashes, successors)

    def named(self, replica: str, seq: int, sha8: str) -> bool:
        """Whether this copy is the one the chain names among other contents of its number (verify.decide).

        Such a copy is read again on every sync while the clash lasts, even when taken in before:
        its events then replace any other copy's that won by content alone in the meantime.
        """
        return any(h.startswith(sha8) for h in self.contested.get((replica, seq), ()))

    def admit(self, parsed: Parsed) -> bool:
        """Rules 3 and 4; a segment that fails waits for the roster to grow (see `released`)."""
        if self._passes(parsed):
            return True
        self.waiting.append(parsed)
        return False

    def _passes(self, parsed: Parsed) -> bool:
        held = parsed.held(self.team)
        if held is None:
            self._admitted(parsed)
            return True
        own = self.roster_events_of(parsed.events)
        if own:  # its own roster events may enrol it (a joiner's invitation): they carry their own signatures
            team = self.team_for([*self.roster_events, *own])
            if parsed.held(team) is None:
                self._admitted(parsed)
                return True
        return False

    def _admitted(self, parsed: Parsed) -> None:
        self.admitted.add(parsed.replica)
        own = self.roster_events_of(parsed.events)
        if own:
            self.roster_events.extend(own)
            self.team = self.team_for(self.roster_events)

    def released(self) -> Iterator[Parsed]:
        """Waiting segments the roster now admits, pass after pass, until a pass admits none."""
        while self.waiting:
            waiting, self.waiting = self.waiting, []
            admitted = [parsed for parsed in waiting if self._passes(parsed)]
            self.waiting = [parsed for parsed in waiting if parsed not in admitted]
            if not admitted:
                return
            yield from admitted

    def vouches(self, replica: str) -> bool:
        """Whether a folder speaks for its user before its segments are judged (its replica.json counts)."""
        return self.team.founded_hlc is None or bool(self.taken.get(replica)) or self.team.knows_replica(replica)

    def joined(self, replica: str) -> bool:
        """Whether a folder speaks for its user now, after this sync's segments: a join taken in makes a folder
        the sync began with as a stranger's a teammate's."""
        return self._vouched(replica)

    def _vouched(self, replica: str) -> bool:
        """Whether the team knows this folder, or admitted a segment of it now (a forged copy there is named by
        file). Not whether this replica ever took one in: a stranger's folder taken in before the founding
        reached this replica is named once, as by a replica that kept it aside from the start."""
        return replica in self.admitted or self.team.knows_replica(replica)

    def _with_own(self, kept: list[Parsed]) -> verify.Team:
        """The roster with the roster events of a folder's segments kept aside folded in: a join waiting for its
        invitation's record is then told as one (core join_wait.py), not as a stranger claiming a name."""
        own = [event for parsed in kept for event in self.roster_events_of(parsed.events)]
        return self.team_for([*self.roster_events, *own]) if own else self.team

    def report(self, report: SyncReport) -> None:
        """Everything kept aside, by file (by folder for devices the team does not know)."""
        aside = {(replica, path.name[:15]) for path, replica, _, _ in self.held}
        for path, replica, failed, claims in self.held:
            report.problem(
                path,
                f"kept aside: {damaged.waits(failed, replica, self.unwholes, aside)}; it claims {claims}",
                retry=True,
            )
            report.distrust(TrustIssue(failed.kind, str(path), replica, failed.reason))
        strangers: dict[Path, list[Parsed]] = defaultdict(list)
        folders: dict[Path, list[Parsed]] = defaultdict(list)
        for parsed in self.waiting:
            folders[parsed.folder].append(parsed)
        teams = {folder: self._with_own(kept) for folder, kept in folders.items()}
        for parsed in self.waiting:
            held = parsed.held(teams[parsed.folder])
            if held is None:  # cannot happen after `released`; never drop a segment silently
                continue
            if held.kind in (verify.DEVICE, verify.JOIN) and not self._vouched(parsed.replica):
                strangers[parsed.folder].append(parsed)
                continue
            claims = _claims(len(parsed.rows), parsed.user)
            report.problem(parsed.path, f"kept aside: {held.reason}; it claims {claims}", retry=True)
            report.distrust(TrustIssue(held.kind, str(parsed.path), parsed.replica, held.reason))
        for folder, kept in strangers.items():
            held = kept[0].held(teams[folder]) or verify.Held("", "")
            events = sum(len(p.rows) for p in kept)
            files = f"{len(kept)} segment{'' if len(kept) == 1 else 's'}"
            until = " until then" if held.kind == verify.JOIN else ""
            report.problem(
                folder, f"{held.reason}: {files} with {_claims(events, kept[0].user)} kept aside{until}", retry=True
            )
            report.distrust(TrustIssue(held.kind, str(folder), kept[0].replica, held.reason))


def copied_from(content: segment.Segment, replica: str, seq: int, team: verify.Team) -> tuple[verify.Held, str] | None:
    """For a copy whose signature fails here: when it is another folder's segment copied into this one
    (signers.origin_of), why it is kept aside and what it holds, naming whose device really signed it and
    whose events they are, not the owner of the folder it was copied into. None when it is not that."""
    found = origin_of(content, replica, seq)
    if found is None or content.seal is None:
        return _renumbered(content, replica)
    origin, author = found
    key = content.seal.key
    owner = team.device_owner(key) if team.founded_hlc is not None else None
    signer = f"a device of {owner}'s" if owner else "a device the team does not know"
    folder = f"{owner}'s folder (replica {origin})" if owner else f"replica {origin}'s folder"  # named by its key
    what = "snapshot" if content.fold is not None else "segment"
    reason = (
        f"a copy of {what} {seq:06d} of {folder}, signed by {signer} (key {fingerprint(key)}): it was copied "
        f"here, nobody wrote it for this folder. Not applied from here ({owner or origin}'s own folder holds the "
        "original); the copy can be deleted"
    )
    count = len(content.lines)
    return verify.Held(verify.COPIED, reason), f"{count} event{'' if count == 1 else 's'} by {author}"


def _renumbered(content: segment.Segment, replica: str) -> tuple[verify.Held, str] | None:
    """A copy whose lines are another folder's but whose signature holds there under no number it was checked for:
    copied in under another number (or made up). Its lines are never applied here either way: said as a copy, by
    the author its lines name, not as this folder's own segment damaged."""
    named = other_folders(content, replica)
    if named is None:
        return None
    origin, author = named
    reason = (
        f"its lines are replica {origin}'s (events by {author}), not this folder's, and its signature holds for "
        "neither under this number: copied in under another number, or made up. Not applied; the copy can be "
        "deleted"
    )
    return verify.Held(verify.COPIED, reason), _claims(len(content.lines), author)


def _copied(
    path: Path, content: segment.Segment, replica: str, seq: int, team: verify.Team
) -> tuple[verify.Held, str] | None:
    """copied_from, reading the file again when it was read ahead without its lines (a failed signature is rare)."""
    if not content.lines:
        try:
            content = segment.read(path)
        except (segment.SegmentIncomplete, segment.NotAFile, segment.BadSeal, OSError):
            return None
    return copied_from(content, replica, seq, team)


def _claims(count: int, user: str) -> str:
    return f"{count} event{'' if count == 1 else 's'} by {user}"
