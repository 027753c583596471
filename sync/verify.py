"""Which segments of a replica folder may be applied: signed by a device of the folder's user, chained, untampered.

Everyone with the shared folder can write into it, so a segment proves nothing by
where it sits. Each copy of a segment (a file) is judged on its own, by rules that
read only the file, the folder's `replica.json` and the roster, so every replica
gives the same verdict on the same file:

1. **Signature.** A sealed segment's `sig` must verify with its `key` over
   `segment.signed_message`. A copy that fails is damaged or forged: kept aside.
2. **Chain.** A sealed segment names its predecessor's hash (`prev`): "" for number
   1, else the hash of a copy of number - 1 that is present in the folder (or was
   taken in before) and is itself chained. A copy whose predecessor is missing is
   kept aside until it arrives; nothing is lost.
3. **Device.** The signing key must be enrolled for the folder's user (the user in
   `replica.json`) according to the roster. Enrolment is judged as identity, not as
   a time window: a device of ana's is ana's, and what ana may do at each stamp (a
   removed member, a demoted lead) is the roster's question at that event's place
   in clock order. A window here would give different verdicts on replicas that
   learnt of a removal before or after the removed device's segments arrived.
   The one exception is a device a lead **retired** (lost or stolen, its key
   perhaps in someone else's hands). The retirement names the last segment of
   its folder the lead had taken in (a watermark, core/team/origins.py): a
   segment it signs past that number (or another content under that number) is
   kept aside like a stranger's, whatever time its events claim, so a stolen key
   cannot backdate its way in; its segments up to there stay valid. A replica
   that took such a segment in before it learnt of the retirement keeps its
   events in the log, and no longer applies them (`Roster.withdrawn`, from the
   segments it recorded taking them from), so the projection is the same
   everywhere, as with rule 4. A retirement from an older baton names no
   watermark: then any event stamped after it is what is kept aside, until a
   lead's copy names one (core/team/retire_marks.py, on its next sync), after
   which the device is judged by that watermark like any other.
4. **Before the team.** Until the roster has a founding event, segments are taken
   in as before keys existed (sealed ones still need 1 and 2). Once it has one, a
   segment whose every event is stamped at or before the founding is still taken in
   when the founding vouches for that very segment (its folder's mark: the last
   segment the founder's copy held from there; core/team/legacy.py), unsealed ones
   included: that is how a folder from before this release keeps working, while an
   unsigned segment slipped in later under a new number is not, the same rule by which the roster
   applies such events and marks them `written before the team was founded`.
   Anything else needs 3. A replica that took a segment in before it learnt of the
   founding keeps its events in the log; the roster's fold does not apply those it
   would not have admitted, so the projection is the same everywhere.

**Tampering** is two different contents under one number in one folder: a rewrite
of a segment already taken in (same number, the hash in the ledger differs), or two
files under one number. It is reported on every replica that sees both, and
resolved by the rule above and nothing else: every copy that passes 1-4 is applied
(two such copies of one number: see below), every other copy is kept aside. Events
are a set keyed by id, so the order in which copies arrive does not change the
result: an old segment of ana's rewritten in place with a recomputed trailer
carries no signature of ana's device, so neither a
replica that had the original nor a teammate joining later applies it, and ana's
replica writes the original back (see restore.py), after which both hold the same.

Two copies that both pass 1-4 (signed by ana's enrolled device: a copied profile,
or someone with ana's key rewriting her history) are both applied, so nothing is
lost, and where they hold one event id with two contents **the chain decides**
(`decide`): the genuine copy of number N is the one a validly signed copy of N + 1
names as its `prev`. Ana's replica still holds the genuine events, writes the
genuine copy back (restore.py) and chains its next segment to it; in its own
folder the copies it wrote are the genuine ones. The copy the chain names is read
again on every sync while the clash lasts, and its events win over any other copy
of their id, the stored one included (replaced, their handoffs folded again:
duplicates.py), so every replica reaches the same events whatever it saw first.
Until a copy of N + 1 names one of them, copies of one id are settled by content
alone (the lowest hash, duplicates.py): the same answer on every replica that
holds both. A fork (copies of N + 1 naming different copies of N) leaves more than
one named: their events are settled by content, as before.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from baton.core.team.join_wait import JoinWait
from baton.core.team.keys import fingerprint, verify
from baton.core.team.origins import Watermark

from . import segment

SIGNATURE = "bad signature"
COPIED = "copied from another folder"
CHAIN = "broken chain"
DEVICE = "unknown device"
UNSIGNED = "unsigned after the team was founded"
JOIN = "join waits for its invitation's record"

FORGED = "damaged or forged"
"""The one name for a copy whose signature does not hold (nor for another folder): every report says it so."""


class Team(Protocol):
    """What segment checks ask of the roster."""

    @property
    def founded_hlc(self) -> str | None:
        """The founding event's stamp; None while the folder has no team."""

    def device_owner(self, public_key: str) -> str | None:
        """The user this device key is (or was) enrolled for; None for a key the team never enrolled."""

    def knows_replica(self, replica: str) -> bool:
        """Whether the team has enrolled this replica's device, or vouched for it when it was founded."""

    def vouches_segment(self, replica: str, seq: int, sha256: str) -> bool:
        """Whether the founding vouched for this segment of the folder as old work (core/team/legacy.py)."""

    def retired(self, public_key: str) -> tuple[str, str] | None:
        """(stamp, by whom) when a lead retired this device key; None otherwise."""

    def watermark(self, public_key: str) -> Watermark | None:
        """The last segment of its folder a retired device's key still speaks for (origins.py); None: judged
        by stamp (a retirement from an older baton)."""

    def join_wait(self, replica: str) -> JoinWait | None:
        """The join written in this folder that waits for its invitation's record (core join_wait.py); None."""


@dataclass(frozen=True)
class Held:
    """Why a copy is kept aside, in the words the sync report uses."""

    kind: str
    reason: str
    after: str = ""
    """CHAIN: the segment it follows (`NNNNNN-<sha8>`), to say what became of that one."""


class Chain:
    """Rules 1 and 2 for one replica folder, copy by copy in number order (its predecessors first)."""

    def __init__(self, replica: str, taken: dict[int, set[str]]) -> None:
        self.replica = replica
        self.chained: dict[int, set[str]] = {seq: set(hashes) for seq, hashes in taken.items()}
        """Hashes that anchor a successor, by number: taken in before (the ledger), or passed here."""

    def check(self, seq: int, sha256: str, seal: segment.Seal | None, fold: segment.Fold | None = None) -> Held | None:
        """Why this copy fails the signature or the chain; None when it passes (it then anchors its successor).

        A snapshot (`fold`) of segments first..seq must be signed as one and follow segment first-1; it
        anchors what segment seq anchored (`fold.tip`), so the segment after it chains on unchanged."""
        held = self._why_fold(seq, sha256, seal, fold) if fold is not None else self._why(seq, sha256, seal)
        if held is None:
            self.chained.setdefault(seq, set()).add(fold.tip if fold is not None else sha256)
        return held

    def _why_fold(self, seq: int, sha256: str, seal: segment.Seal | None, fold: segment.Fold) -> Held | None:
        if seal is None or fold.first > seq:
            return Held(SIGNATURE, f"a snapshot that is not signed, or covers no segment: {FORGED}")
        message = segment.snapshot_message(self.replica, fold.first, seq, seal.prev, fold.tip, sha256)
        if not verify(seal.key, message, seal.sig):
            return Held(SIGNATURE, f"its signature does not match its lines: {FORGED}")
        if fold.first == 1 and seal.prev:
            return Held(CHAIN, "it starts at number 1 but names a segment before it")
        if fold.first > 1 and seal.prev not in self.chained.get(fold.first - 1, set()):
            after = f"{fold.first - 1:06d}-{seal.prev[:8]}"
            return Held(CHAIN, f"the segment before it ({after}) is missing", after)
        return None

    def _why(self, seq: int, sha256: str, seal: segment.Seal | None) -> Held | None:
        if seal is None:
            return None
        if not verify(seal.key, segment.signed_message(self.replica, seq, seal.prev, sha256), seal.sig):
            return Held(SIGNATURE, f"its signature does not match its lines: {FORGED}")
        if seq == 1 and seal.prev:
            return Held(CHAIN, "it is number 1 but names a segment before it")
        if seq > 1 and seal.prev not in self.chained.get(seq - 1, set()):
            after = f"{seq - 1:06d}-{seal.prev[:8]}"
            return Held(CHAIN, f"the segment before it ({after}) is missing: applied as soon as it arrives", after)
        return None


def device(
    user: str, replica: str, seal: segment.Seal | None, last_hlc: str, team: Team, seq: int = 0, sha256: str = ""
) -> Held | None:
    """Rules 3 and 4: whether a copy that passed the chain may be applied for `user` (None: yes).

    `replica` is its folder; `last_hlc` the newest stamp among its events ("" when it has none);
    `seq` and `sha256` its number and the hash it is recorded under (a retirement's watermark names them).
    """
    founded = team.founded_hlc
    if founded is None:
        return None
    owner = team.device_owner(seal.key) if seal is not None else None
    if owner == user and seal is not None:
        retired = team.retired(seal.key)
        if retired is None:
            return None
        mark = team.watermark(seal.key)
        if mark is not None and (replica != mark.replica or not mark.covers(seq, sha256)):
            return Held(
                DEVICE,
                f"signed by a device of {user}'s that {retired[1]} retired (key {fingerprint(seal.key)}), "
                f"past the last segment the team took from it ({mark.seq:06d}), whatever time it claims",
            )
        if last_hlc <= retired[0]:
            return None
        return Held(
            DEVICE,
            f"signed by a device of {user}'s that {retired[1]} retired (key {fingerprint(seal.key)}), "
            "with changes made after that",
        )
    if last_hlc <= founded and team.vouches_segment(replica, seq, sha256):
        return None  # written before the team, in a segment the founder's copy held (core/team/legacy.py)
    if seal is None:
        return Held(
            UNSIGNED,
            f"it is not signed and the team does not vouch for its folder: {user}'s baton is older than the "
            "team's, or someone else wrote it",
        )
    if owner is None:
        join = team.join_wait(replica)  # a newcomer whose lead has not synced yet is no stranger claiming a name
        if join is not None:
            return (
                Held(JOIN, join.reason) if join.waits else Held(DEVICE, f"{join.reason} (key {fingerprint(seal.key)})")
            )
        return Held(DEVICE, f"a device claiming to be {user} is not on the team (key {fingerprint(seal.key)})")
    return Held(DEVICE, f"a device of {owner}'s claims to be {user} (key {fingerprint(seal.key)})")


def clashes(names: Iterable[segment.SegmentName], taken: dict[int, set[str]]) -> dict[int, list[str]]:
    """Numbers holding more than one content: number -> the hash prefixes seen (files here, and taken in before).

    Names commit to content (a name whose hash does not match is never taken in),
    so this reads no file.
    """
    seen: dict[int, set[str]] = defaultdict(set)
    for name in names:
        if not name.snapshot:  # a snapshot stands for its segments; its own hash is not theirs
            seen[name.seq].add(name.sha8)
    for seq, hashes in taken.items():
        if seq in seen:
            seen[seq].update(h[:8] for h in hashes)
    return {seq: sorted(found) for seq, found in sorted(seen.items()) if len(found) > 1}


def decide(copies: Iterable[str], successors: Iterable[str]) -> set[str]:
    """Of the hashes of one number's copies, those a copy of the next number names as `prev` (the chain decides).

    `successors`: the `prev` of each validly signed copy of the next number. Empty when none names
    any copy yet: then nothing is decided (see the module docstring).
    """
    return set(copies) & set(successors)
