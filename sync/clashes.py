"""Two contents under one number of a folder, or files in one's own folder it did not write: the alarm.

Which numbers clash is found from the file names and the ledger (names commit to content); the copies
are then read, only to say who signed them (signers.py). Not every extra file is a second content: a torn
file, another folder's segment copied in, a file renamed from a content here already each have their own
one line (damaged.py, admission.copied_from, the importer's name check) and raise no alarm.
"""

from __future__ import annotations

from pathlib import Path

from . import verify
from .folder import ReplicaInfo, SegmentFile, Source
from .report import SyncReport, TrustIssue
from .signers import Signature, Signer, advice, signature_of, verdict

_LIKELY = [
    Signer.OWNER,
    Signer.UNKNOWN,
    Signer.TEAMMATE,
    Signer.STRANGER,
    Signer.UNSIGNED,
    Signer.COPIED,
    Signer.DAMAGED,
    Signer.UNREADABLE,
]
"""Signers, from the likeliest to have written a folder's segment to the least."""


_NO_WRITER = {Signer.UNREADABLE, Signer.COPIED}
"""Copies that are no second content written for a folder: a file that is not even a whole segment (torn, junk:
damaged.py says it), and another folder's segment copied in (`copied_from` says it, kept aside by its signature)."""


def _held(file: SegmentFile, signed: dict[Path, Signature]) -> str:
    """The hash (8 hex digits) of the content a copy holds: its name's, unless its content is another."""
    return signed[file.path].misnamed or file.name.sha8


def _contents(files: list[SegmentFile], signed: dict[Path, Signature], taken: set[str]) -> list[SegmentFile]:
    """The copies of one number that count as contents written for its folder. Not a torn file nor another
    folder's segment (`_NO_WRITER`), nor a file renamed from a content here already (same bytes under a name
    whose hash is not theirs): each of those is said once, by its own line, and is no second content."""
    files = [f for f in files if signed[f.path].signer not in _NO_WRITER]
    named = {f.name.sha8 for f in files if not signed[f.path].misnamed} | taken
    return [f for f in files if signed[f.path].misnamed not in named]


def report_clashes(
    source: Source,
    info: ReplicaInfo,
    own_id: str,
    own_names: set[str],
    taken: dict[int, set[str]],
    report: SyncReport,
    team: verify.Team,
) -> dict[int, list[str]]:
    """Two contents under one number: a copied profile, or tampering (see verify.py for how it is resolved).

    Reported on every sync while it lasts, on every replica that sees it. Which numbers clash is found
    from the file names and the ledger (names commit to content); the copies that came after another
    content are then read, only to say who signed them (signers.py): the folder's owner is only who the
    folder claims, and what to do depends on whose key it really was.
    """
    clashes = verify.clashes((f.name for f in source.segments), taken)
    signed: dict[Path, Signature] = {}
    for seq in list(clashes):
        files = sorted((f for f in source.segments if f.name.seq == seq), key=lambda f: f.path.name)
        found_now = {f.path: signature_of(f.path, source.replica, seq, info.user, team) for f in files}
        files = _contents(files, found_now, {h[:8] for h in taken.get(seq, set())})
        clashes[seq] = sorted({_held(f, found_now) for f in files} | {h[:8] for h in taken.get(seq, set())})
        if len(clashes[seq]) < 2:
            del clashes[seq]
            continue
        signed.update((f.path, found_now[f.path]) for f in files)
        # With nothing taken in before, the copy said to be "here" is the likeliest genuine one: never a damaged
        # file or another folder's segment that happens to sort first, named as if the real one were the intruder.
        files.sort(key=lambda f: (_LIKELY.index(signed[f.path].signer), f.path.name))
        found = verdict([signed[f.path] for f in files]).value  # the number's finding, the same in every report
        before = sorted(h[:8] for h in taken.get(seq, set()))
        # The copies named are those that came after another content: rewrites of what was taken in, else all but one.
        newer = [f for f in files if _held(f, signed) not in before] if before else files[1:]
        others = ", ".join(f"{seq:06d}-{h}" for h in before) if before else files[0].path.name
        for file in newer:
            what = f"another content under number {seq:06d} ({found}), {signed[file.path].words()}: " + (
                f"{others} was taken in before" if before else f"{others} is here too"
            )
            report.problem(file.path, what)
            report.distrust(TrustIssue("tampering", str(file.path), source.replica, what))
    if clashes:
        seq, hashes = next(iter(clashes.items()))
        copies = "; ".join(f"{path.name[:15]} {sig.words()}" for path, sig in signed.items())
        found = verdict(list(signed.values())).value
        report.warn(
            f"TAMPERING OR TWO DEVICES WRITING AS REPLICA {source.replica} ({info.user}'s folder), {found}: segment "
            f"{seq:06d} has {len(hashes)} contents ({', '.join(hashes)}): {copies}. Only copies signed by a device of "
            f"{info.user}'s on the team are applied, and of an event they hold differently, the copy {info.user}'s "
            f"next segment follows. {advice(info.user, list(signed.values()))}"
        )
    if source.replica == own_id:
        foreign = [f for f in source.segments if not f.name.copy and f.path.name not in own_names]
        mine: list[tuple[SegmentFile, Signature]] = []
        for file in foreign:  # files no device wrote as this replica: their own lines say what they are
            sig = signature_of(file.path, own_id, file.name.seq, info.user, team)
            ours = sig.misnamed and any(n.startswith(f"{file.name.seq:06d}-{sig.misnamed}") for n in own_names)
            if sig.signer not in _NO_WRITER and not ours and len(mine) < 3:
                mine.append((file, sig))
            if len(mine) == 3:
                break
        if mine:
            sigs = [sig for _, sig in mine]
            said = "; ".join(f"{f.path.name} {sig.words()}" for f, sig in mine)
            report.warn(
                f"another device is writing as this replica ({own_id}), {verdict(sigs).value}: {said}, not written "
                "here. " + advice(info.user, sigs)
            )
    return clashes
