"""Segments: immutable files of events, the only thing a replica puts in the shared folder.

A segment is `NNNNNN-<sha8>.jsonl`: one event JSON object a line, and a last line
`{"count": N, "sha256": "...", "prev": "...", "key": "...", "sig": "..."}`. `count`
and `sha256` are over the bytes of the lines above: the trailer is how a reader
tells a finished file from one a sync engine is still copying, and a segment counts
only when they match. `sha8` is the start of that hash, so a name commits to its
content and two different segments never share a name.

The seal (`prev`, `key`, `sig`) says who wrote the segment and what it follows:
`prev` is the `sha256` of the replica's previous segment ("" for number 1), `key`
the writing device's public key, `sig` that key's signature over `signed_message`
(the replica id, the number, `prev` and `sha256`: the lines themselves through
their hash). One signature per segment, never per event, so checking it costs the
same for a segment of one event and of twenty thousand. Segments written before
device keys existed have no seal; see verify.py for how they are judged.

Writing goes through a temp file in the same folder, fsync, and a rename, so a
reader (or a kill at any moment) never sees a half-written segment under a real name.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from baton.core import bounded_json, regular_file
from baton.core.regular_file import NotAFile as NotAFile
from baton.core.regular_file import kind_of as kind_of

SUFFIX = ".jsonl"
TEMP_PREFIX = ".baton-"
TEMP_SUFFIX = ".tmp"
NAME = re.compile(r"([0-9]{6,18})-([0-9a-f]{8})(.*)\.jsonl")
"""Sequence numbers of up to 18 digits: more than any replica writes, and always an SQLite integer.
Matched whole (`fullmatch`) and in ASCII digits only, spelled as `segment_name` spells them (see `parse_name`)."""
MAX_BYTES = 256 << 20
"""The largest file read as a segment. Export cuts segments at a quarter of this
(`MAX_WRITE`), so a larger file is not one baton wrote; reading stops there."""
MAX_WRITE = MAX_BYTES // 4
MIN_LINE = 100
"""Fewer bytes than the shortest event line holds (about 200: nine fields, two ids of 32 characters, a stamp
of 34). A file claiming more lines than its size can hold at this length is not a segment: it is refused
before it is split, so a file of millions of empty lines costs no more memory to refuse than its size."""


SEAL_FIELDS = ("prev", "key", "sig")
_HASH = re.compile(r"^[0-9a-f]{64}$")
_B64 = re.compile(r"^[A-Za-z0-9_-]{20,100}$")


class SegmentIncomplete(Exception):
    """The file is not (yet) a whole segment: missing or mismatched trailer. `str()` says what is wrong, not
    whether it is still arriving: that depends on more than its bytes (damaged.py). `junk`: no more of it arriving
    would make it whole (bytes that cannot start a segment, or a whole trailer that contradicts the lines)."""

    def __init__(self, detail: str, junk: bool = False) -> None:
        super().__init__(detail, junk)  # both in `args`: raised again from the process reading ahead (reading.py)
        self.junk = junk

    def __str__(self) -> str:
        return str(self.args[0])


class BadSeal(Exception):
    """A whole segment whose seal is not in the form baton writes (a garbage or tampered trailer)."""


@dataclass(frozen=True)
class Seal:
    """Who signed a segment (`key`, `sig`) and the segment it follows (`prev`)."""

    prev: str
    key: str
    sig: str


def signed_message(replica: str, seq: int, prev: str, sha256: str) -> bytes:
    """What a segment's signature covers: its folder, its number, its predecessor and its lines' hash."""
    return f"baton-segment/1\n{replica}\n{seq}\n{prev}\n{sha256}".encode()


@dataclass(frozen=True)
class SegmentName:
    seq: int
    sha8: str
    copy: bool
    """A conflict copy made by a sync engine (`*.sync-conflict-*`, `conflicted copy`)."""
    snapshot: bool = False
    """A snapshot (`NNNNNN-<sha8>.snapshot.jsonl`): this replica's segments `first`..`seq` folded into one."""


@dataclass(frozen=True)
class Segment:
    lines: list[bytes]
    """The event lines, without their newlines."""
    sha256: str
    """Hash of the event lines, as the trailer states it."""
    seal: Seal | None = None
    """None for a segment written before device keys existed."""
    fold: Fold | None = None
    """Set on a snapshot: which segments it stands for."""


@dataclass(frozen=True)
class Fold:
    """What a snapshot stands for: segments `first` to its own number, the last of which hashed `tip`.

    The segment after it names `tip` as its predecessor (it may have been written
    before the fold), so a reader's chain continues from the snapshot unchanged."""

    first: int
    tip: str


SNAPSHOT = ".snapshot"


def snapshot_message(replica: str, first: int, last: int, prev: str, tip: str, sha256: str) -> bytes:
    """What a snapshot's signature covers; never the message of a plain segment, so neither passes as the other."""
    return f"baton-snapshot/1\n{replica}\n{first}\n{last}\n{prev}\n{tip}\n{sha256}".encode()


def snapshot_name(last: int, sha256: str) -> str:
    return f"{last:06d}-{sha256[:8]}{SNAPSHOT}{SUFFIX}"


def parse_name(name: str) -> SegmentName | None:
    """The sequence number and hash prefix a file name claims; None for anything else.

    Only the one spelling baton writes counts: a number with an extra leading zero, in other digits than
    ASCII ones (`int` reads "٠٠٠٠٠٤" as 4), or a name with a trailing newline would be a second file under
    the same number and hash, so a byte-for-byte copy of a genuine segment would read as a second content
    signed by its owner's key (a copied profile, a stolen key) when nothing was forged at all.
    """
    match = NAME.fullmatch(name)
    if not match:
        return None
    seq, sha8, rest = match.groups()
    if seq != f"{int(seq):06d}":
        return None
    if rest == SNAPSHOT:
        return SegmentName(int(seq), sha8, False, True)
    if rest and not is_conflict_copy(rest):
        return None
    # A sync engine's copy of a snapshot is a snapshot too: its hash is not that of the segment under its number.
    return SegmentName(
        int(seq), sha8, bool(rest), rest.startswith(SNAPSHOT) and is_conflict_copy(rest[len(SNAPSHOT) :])
    )


def is_conflict_copy(name: str) -> bool:
    """Syncthing's `.sync-conflict-DATE-TIME-DEVICE` and Dropbox's `(… conflicted copy …)`."""
    return ".sync-conflict-" in name or "conflicted copy" in name.lower()


def segment_name(seq: int, sha256: str) -> str:
    """A segment's file name carries its number and content hash, so a reader judges it without file times."""
    return f"{seq:06d}-{sha256[:8]}{SUFFIX}"


def encode(
    lines: list[bytes], seal: Callable[[str], Seal] | None = None, fold: Fold | None = None
) -> tuple[bytes, str]:
    """The bytes of a segment holding `lines` (one event JSON each), and their hash.

    `seal` is given the lines' hash and returns the seal to put in the trailer.
    """
    body = b"".join(line + b"\n" for line in lines)
    digest = hashlib.sha256(body).hexdigest()
    fields: dict[str, object] = {"count": len(lines), "sha256": digest}
    if fold is not None:
        fields.update(first=fold.first, tip=fold.tip)
    if seal is not None:
        made = seal(digest)
        fields.update(prev=made.prev, key=made.key, sig=made.sig)
    trailer = json.dumps(fields, separators=(",", ":")).encode()
    return body + trailer + b"\n", digest


def decode(data: bytes) -> Segment:
    """Split a segment into its event lines; SegmentIncomplete unless the trailer matches."""
    if not data:
        raise SegmentIncomplete("the file is empty")
    if not data.endswith(b"\n"):
        raise SegmentIncomplete("the file does not end with a whole line", _junk(data))
    cut = data.rfind(b"\n", 0, len(data) - 1) + 1
    last = data[cut:]  # the lines are not copied out of `data` whole: a snapshot is a teammate's whole history
    try:
        trailer = bounded_json.loads(last)
        count, digest = trailer["count"], trailer["sha256"]
    except (ValueError, TypeError, KeyError, IndexError):
        raise SegmentIncomplete("no trailer on the last line", _junk(data)) from None
    with memoryview(data) as view:
        matches = hashlib.sha256(view[:cut]).hexdigest() == digest
    if not matches:
        raise SegmentIncomplete("the trailer's sha256 does not match the lines above", _junk(data))
    if type(count) is not int:
        raise SegmentIncomplete("the trailer's count is not a number", True)
    found = data.count(b"\n", 0, cut)
    if found != count:
        raise SegmentIncomplete(f"the trailer counts {count} lines, the file has {found}", True)
    if count * MIN_LINE > cut:
        raise NotAFile(f"{count:,} lines in {cut:,} bytes: too short to be events, not a segment baton writes")
    lines = data.split(b"\n", count)[:-1] if cut else []
    return Segment(lines, digest, _seal_of(trailer), _fold_of(trailer))


JUNK_LOOK = 4096
"""Bytes at the start of a file looked at to tell whether it could be a segment at all."""


def _junk(data: bytes) -> bool:
    """Whether these bytes cannot be the start of a segment: every line of one is a JSON object in UTF-8 text.

    Only the start is looked at (a torn file's last bytes may cut a character in two)."""
    if not data.startswith(b"{") or b"\x00" in data[:JUNK_LOOK]:
        return True
    head = data[:JUNK_LOOK]
    try:
        head.decode()
    except UnicodeDecodeError as exc:
        return exc.start < len(head) - 3  # not merely a character cut at the end of what was looked at
    return False


def _fold_of(trailer: dict[str, object]) -> Fold | None:
    if "tip" not in trailer and "first" not in trailer:
        return None
    first, tip = trailer.get("first"), trailer.get("tip")
    if type(first) is not int or first < 1 or not isinstance(tip, str) or not _HASH.fullmatch(tip):
        raise BadSeal("the trailer's first or tip is not in the form a snapshot has")
    return Fold(first, tip)


def _seal_of(trailer: dict[str, object]) -> Seal | None:
    """The trailer's seal; None when it has none; BadSeal when it has one in a wrong form."""
    present = [name for name in SEAL_FIELDS if name in trailer]
    if not present:
        return None
    prev, key, sig = (trailer.get(name) for name in SEAL_FIELDS)
    if not isinstance(prev, str) or not (prev == "" or _HASH.fullmatch(prev)):
        raise BadSeal("the trailer's prev is not a segment hash")
    if not isinstance(key, str) or not _B64.fullmatch(key):
        raise BadSeal("the trailer's key is not a public key")
    if not isinstance(sig, str) or not _B64.fullmatch(sig):
        raise BadSeal("the trailer's sig is not a signature")
    return Seal(prev, key, sig)


def read(path: Path) -> Segment:
    """The segment in `path`; SegmentIncomplete while it is still arriving or damaged, NotAFile for anything else."""
    return decode(read_file(path))


def read_file(path: Path, limit: int = MAX_BYTES) -> bytes:
    """The bytes of a regular file, at most `limit` of them (a segment's at most); NotAFile for anything else,
    links included (core/regular_file.py)."""
    return regular_file.read_file(path, limit)


def write(folder: Path, seq: int, lines: list[bytes], seal: Callable[[str], Seal] | None = None) -> tuple[Path, str]:
    """Put a new segment in `folder` atomically; returns its path and hash.

    If a segment with the same name is already there, it holds these very lines
    (the name commits to the content): nothing is written, unless that file is
    not this very segment (a rewrite in place), which is put back. On any error (a
    full disk, a read-only folder) the temp file is removed and the error raised.
    """
    data, digest = encode(lines, seal)
    target = folder / segment_name(seq, digest)
    if not _holds(target, data):
        write_atomic(target, data)
    return target, digest


def _holds(target: Path, data: bytes) -> bool:
    try:
        return read_file(target, len(data)) == data
    except (OSError, NotAFile):
        return False


def write_atomic(target: Path, data: bytes) -> None:
    """Temp file beside `target`, fsync, rename into place, fsync the folder."""
    temp = target.parent / f"{TEMP_PREFIX}{secrets.token_hex(6)}{TEMP_SUFFIX}"
    try:
        with open(temp, "xb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except BaseException as exc:
        try:
            temp.unlink()
        except OSError:
            pass
        if isinstance(exc, OSError) and exc.filename == str(temp):  # name the file meant, not the temp file
            raise OSError(exc.errno, exc.strerror, str(target)) from exc
        raise
    _fsync_folder(target.parent)


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
