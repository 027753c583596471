"""Who signed a copy of a segment, in words: what a clash of contents is reported with.

Two contents under one number in a folder (verify.py, "Tampering") happen for
different reasons, and the person reading the warning needs to know which, to know
what to do: the folder's own device key writing from a second machine (a copied
profile, or a stolen key), another teammate's device writing into the folder, or a
key the team never enrolled (anyone with the folder). The folder's owner is only who
the folder *claims* to be written by; the key that signed the copy says who wrote it.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from pathlib import Path

from baton.core import bounded_json
from baton.core.team.keys import fingerprint, verify

from . import segment
from .verify import FORGED, Team


class Signer(enum.Enum):
    OWNER = "the folder's owner"
    """Signed by a device enrolled for the folder's user (a copied profile, or someone holding that key)."""
    TEAMMATE = "another teammate"
    """Signed by a device enrolled for someone else on the team."""
    STRANGER = "a key the team does not know"
    UNSIGNED = "not signed"
    DAMAGED = "its signature does not match"
    """A whole segment whose seal is not in the form baton writes, or whose signature fails (and is no copy)."""
    UNREADABLE = "not a whole segment"
    """Torn or junk: no content anybody wrote, so no sign of a second writer (damaged.py tells it)."""
    COPIED = "another folder's segment"
    """A segment of another folder, copied in: its signature holds there, not here."""
    UNKNOWN = "no team yet"
    """Signed, but there is no roster to say whose key it is."""


@dataclass(frozen=True)
class Signature:
    """Who signed one copy: the kind of signer, the person (when the roster knows the key) and the key's fingerprint."""

    signer: Signer
    user: str = ""
    fingerprint: str = ""
    origin: str = ""
    """COPIED: the replica whose folder it was signed for."""
    misnamed: str = ""
    """The hash its content really has (8 hex digits), when that is not the one in its file name (renamed, or
    copied under another name): the copy is then that content, not the one its name claims."""

    def words(self) -> str:
        key = f" (key {self.fingerprint})" if self.fingerprint else ""
        if self.signer in (Signer.OWNER, Signer.TEAMMATE):
            return f"signed by a device of {self.user}'s{key}"
        if self.signer is Signer.STRANGER:
            return f"signed by a key the team does not know{key}"
        if self.signer is Signer.COPIED:
            who = f"a device of {self.user}'s" if self.user else "a device the team does not know"
            return f"a copy of a segment of replica {self.origin}'s folder, signed there by {who}{key}"
        if self.signer is Signer.UNKNOWN:
            return f"signed by a device the folder has no team to vouch for{key}"
        if self.signer is Signer.UNSIGNED:
            return "not signed"
        if self.signer is Signer.UNREADABLE:
            return "not a whole segment"
        return "whose signature does not match its lines"  # the verdict says what that means: FORGED


def signature_of(path: Path, replica: str, seq: int, owner: str, team: Team) -> Signature:
    """Who signed the copy at `path` of segment `seq` of `replica`'s folder (whose user is `owner`).

    Read only for copies in a clash (rare); bounded like every segment read (segment.MAX_BYTES)."""
    try:
        content = segment.read(path)
    except segment.BadSeal:  # whole, with a seal nobody's baton wrote
        return Signature(Signer.DAMAGED)
    except Exception:  # not even a whole segment: named so, never a failure
        return Signature(Signer.UNREADABLE)
    name = segment.parse_name(path.name)
    misnamed = content.sha256[:8] if name and not name.copy and content.sha256[:8] != name.sha8 else ""
    return replace(_signed(content, replica, seq, owner, team), misnamed=misnamed)


def _signed(content: segment.Segment, replica: str, seq: int, owner: str, team: Team) -> Signature:
    seal = content.seal
    if seal is None:
        return Signature(Signer.UNSIGNED)
    if content.fold is not None:
        first = content.fold.first
        message = segment.snapshot_message(replica, first, seq, seal.prev, content.fold.tip, content.sha256)
    else:
        message = segment.signed_message(replica, seq, seal.prev, content.sha256)
    print_ = fingerprint(seal.key)
    if not verify(seal.key, message, seal.sig):
        found = origin_of(content, replica, seq)
        if found is None:
            return Signature(Signer.DAMAGED)
        user = team.device_owner(seal.key) if team.founded_hlc is not None else None
        return Signature(Signer.COPIED, user or "", print_, found[0])
    if team.founded_hlc is None:
        return Signature(Signer.UNKNOWN, "", print_)
    user = team.device_owner(seal.key)
    if user is None:
        return Signature(Signer.STRANGER, "", print_)
    return Signature(Signer.OWNER if user == owner else Signer.TEAMMATE, user, print_)


def other_folders(content: segment.Segment, replica: str) -> tuple[str, str] | None:
    """(the replica, the author) the first line names, when that is another folder than `replica`'s (unverified:
    such lines are never applied in this folder, whoever signed them). None otherwise."""
    if not content.lines:
        return None
    try:
        first = bounded_json.loads(content.lines[0])
    except ValueError:
        return None
    origin = first.get("replica") if isinstance(first, dict) else None
    author = first.get("author") if isinstance(first, dict) else None
    if not isinstance(origin, str) or origin == replica or not isinstance(author, str):
        return None
    return origin, author


def origin_of(content: segment.Segment, replica: str, seq: int) -> tuple[str, str] | None:
    """(the replica, the author) a segment was really signed for, when it is another folder's segment copied into
    `replica`'s: its events name that folder, and its signature holds there. None otherwise."""
    seal = content.seal
    named = other_folders(content, replica)
    if seal is None or named is None:
        return None
    origin, author = named
    if content.fold is not None:  # a snapshot copied in: signed as that folder's snapshot
        fold = content.fold
        message = segment.snapshot_message(origin, fold.first, seq, seal.prev, fold.tip, content.sha256)
    else:
        message = segment.signed_message(origin, seq, seal.prev, content.sha256)
    if not verify(seal.key, message, seal.sig):
        return None
    return origin, author


class Verdict(enum.Enum):
    """What more than one content under a folder's number (or a file in one's own folder not written there) means.

    One finding, one name: `baton sync`'s warning and problem lines, `baton doctor` and the app all say the
    verdict decided here, from who signed each copy."""

    COPIED_PROFILE = "a copied profile or a stolen key"
    """Every copy signed by the folder's own device key: the profile runs on two machines, or the key was taken."""
    TEAMMATE = "another teammate's device writing into the folder"
    COPIED_SEGMENT = "another folder's segment copied in"
    FORGED = FORGED
    """A copy no device of the team signed for this folder: its signature fails, it has none, or a stranger's key."""
    TWO_DEVICES = "two devices writing as one replica"
    """Before a team: different keys sign the folder's copies, and no roster says whose they are."""


def verdict(copies: list[Signature]) -> Verdict:
    """The finding for the copies of one number (the genuine one among them), by who signed each."""
    kinds = {c.signer for c in copies}
    if Signer.TEAMMATE in kinds:
        return Verdict.TEAMMATE
    if not copies or kinds & {Signer.STRANGER, Signer.UNSIGNED, Signer.DAMAGED, Signer.UNREADABLE}:
        return Verdict.FORGED
    if Signer.COPIED in kinds:
        return Verdict.COPIED_SEGMENT
    if kinds <= {Signer.OWNER} or len({c.fingerprint for c in copies}) == 1:
        return Verdict.COPIED_PROFILE  # before a team too: one key signing every copy is the folder's own
    return Verdict.TWO_DEVICES


def advice(owner: str, copies: list[Signature]) -> str:
    """What to do about the contents of one number (or files in one's own folder), in one sentence, by its verdict
    (the sentence after another in a warning)."""
    found = verdict(copies)
    if found is Verdict.COPIED_PROFILE:
        keys = sorted({c.fingerprint for c in copies})
        retire = (
            f" (a lead retires that device: `baton team remove-device {owner} {keys[0]}`)"
            if Signer.OWNER in {c.signer for c in copies}
            else ""
        )
        return (
            f"{owner}'s own device key ({', '.join(keys)}) signed more than one content: {owner}'s profile was "
            f"copied to another machine (give that one its own `baton init`), or someone holds {owner}'s key{retire}"
        )
    if found is Verdict.TEAMMATE:
        users = ", ".join(sorted({c.user for c in copies if c.signer is Signer.TEAMMATE}))
        return (
            f"A device of {users}'s wrote into {owner}'s folder: nothing of it is applied as {owner}'s; "
            f"ask {users} why, and a lead can retire that device if it was not them"
        )
    if found is Verdict.COPIED_SEGMENT:
        return (
            f"A segment of another folder was copied into {owner}'s: nothing of it is applied from here (its own "
            "folder holds the original), and the copy can be deleted"
        )
    if found is Verdict.FORGED:
        return (
            f"It was not written by any device of the team: nothing of it is applied and {owner}'s work is kept; "
            "if it keeps happening, check who can write to the shared folder"
        )
    return (
        "Only copies signed by the folder's own device are applied; if a profile was copied, give that device "
        "its own `baton init`"
    )
