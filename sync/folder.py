"""The shared folder's layout: one folder per replica, its replica.json and its segments.

```
<sync dir>/baton/v1/replicas/<replica-id>/
    replica.json            who writes here; written once
    000001-<sha8>.jsonl     immutable segments
```
A replica writes only its own folder. Everything else a sync engine leaves behind
(temp files, `.DS_Store`, `desktop.ini`, half-copied files) is skipped here; its
conflict copies of segments are listed as extra sources, since events have unique
ids and taking both loses nothing. Anyone who shares the folder can put a link or a
file where one of baton's folders belongs: it is never followed, read or written
through, and said once (`layout_problem`, `LINKED_REPLICA`, `FolderRefused`).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from baton.core import bounded_json
from baton.core.config import USER_PATTERN, Config
from baton.core.errors import BatonError, InvalidValue
from baton.core.home import Home
from baton.core.timezones import zone

from . import segment

LAYOUT = ("baton", "v1", "replicas")
REPLICA_FILE = "replica.json"
REPLICA_ID = re.compile(r"^[0-9a-f]{12,32}$")
MAX_REPLICA_FILE = 64 << 10
"""replica.json is a few lines; anything larger is not one."""
REPLICA_FORMAT = 1
"""The replica.json this baton writes and reads; one of a later format is said, never read as this one."""
MAX_NAME = 100
"""Characters of a display name kept from replica.json."""
JUNK = {".ds_store", "desktop.ini", "thumbs.db", ".stfolder", ".stignore", ".stversions"}
LINKED_REPLICA = "a symbolic link where a replica folder belongs: not followed"


class FolderRefused(OSError):
    """A place baton would write through is not a folder it made (a link, a file): nothing is written there.
    Its `filename` is the place and its `strerror` says why, in the words the import uses for it."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(0, reason, str(path))


@dataclass(frozen=True)
class ReplicaInfo:
    """What replica.json says about who writes a folder."""

    replica: str
    user: str
    display_name: str
    tz: str
    role: str = "member"
    public_key: str | None = None
    """The device's public key, when its baton publishes one (a claim: only the roster enrols a key)."""
    sha256: str = ""
    """Hash of the replica.json this was read from: a verdict on a line that depended on it
    (whose folder an author writes in) is looked at again when it changes."""


@dataclass(frozen=True)
class SegmentFile:
    path: Path
    name: segment.SegmentName


@dataclass(frozen=True)
class Source:
    """One replica folder as found in the shared folder."""

    replica: str
    path: Path
    segments: list[SegmentFile]
    unreadable: list[tuple[Path, str]]
    """Files that look like segments but could not be listed or named."""


def is_ignored(name: str) -> bool:
    """Temp files of sync engines and of baton, and desktop litter: never read."""
    low = name.lower()
    return (
        low in JUNK
        or low.startswith(".syncthing.")
        or low.startswith("~syncthing~")
        or low.startswith(segment.TEMP_PREFIX)
        or low.startswith("~$")
        or low.endswith(".tmp")
        or low.endswith(".part")
        or low.endswith(".partial")
        or low.startswith("._")
    )


def check_sync_dir(sync_dir: Path, home: Home) -> Path:
    """The shared folder, absolute; refused when it would hold baton's own database, or is (or is inside)
    another home (a teammate's copy on this machine, a backup). A folder inside this home stays allowed.

    SQLite's WAL side files are torn by file sync, so the database (and the home
    holding it) must live outside the shared folder.
    """
    root = Path(os.path.abspath(os.path.expanduser(str(sync_dir))))
    resolved = Path(os.path.realpath(root))  # not Path.resolve: a link to itself is a folder not there, not an error
    for inside in (home.root, home.database):
        target = Path(os.path.realpath(inside))
        if target == resolved or target.is_relative_to(resolved):
            raise BatonError(
                f"refusing {root} as the shared folder: it contains baton's own database ({home.database}); "
                "file sync tears SQLite files, so choose a folder outside the baton home"
            )
    own = Path(os.path.realpath(home.root))
    for folder in (resolved, *resolved.parents):  # another home's: segments would be written into it
        held = None if folder == own else Home(folder).holds_replica()  # own: a folder inside it is as before
        if held is not None:
            where = "is" if folder == resolved else "is inside"
            raise BatonError(
                f"refusing {root} as the shared folder: it {where} a baton home ({folder} holds {held}); "
                "file sync tears SQLite files, so choose a folder outside every baton home"
            )
    return root


class SyncFolder:
    """Paths and files of the shared folder, for reading and for writing our own part."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.replicas = self.root.joinpath(*LAYOUT)
        self.skipped: list[tuple[Path, str]] = []
        """What the last `sources` passed over and the import reports (read again next time): links where
        folders belong, folders that cannot be listed."""
        self.info_restored = False
        """Whether the last `prepare` found our replica.json damaged or replaced, and wrote it again."""

    def own(self, replica_id: str) -> Path:
        return self.replicas / replica_id

    def make_inside(self, path: Path) -> None:
        """`path` and the levels between it and the shared folder, never the shared folder itself:
        FileNotFoundError when that went (a drive unmounted or a folder deleted mid-sync), so it stays
        gone instead of coming back as an empty folder on this disk that no teammate sees."""
        level = self.root
        for name in path.relative_to(self.root).parts:
            level = level / name
            level.mkdir(exist_ok=True)

    def absent(self) -> str | None:
        """Why the shared folder cannot be used at all (not there, or not a folder); None when it is a folder."""
        if self.root.is_dir():
            return None
        if self.root.is_symlink():
            return "the shared folder is a link that leads to no folder (is the drive or share mounted?)"
        if os.path.lexists(self.root):
            return "the shared folder is not a folder (a file has its name): nothing read or written there"
        return "the shared folder does not exist (is the drive or share mounted?)"

    def layout_problem(self) -> tuple[Path, str] | None:
        """The first level of `baton/v1/replicas` that baton may not read or write through, and why; None when
        each is a folder or not there yet (the first export makes it).

        Anyone who shares the folder can put a link there, and a sync engine copies it to every teammate:
        followed, it would have this machine read, and write its segments, anywhere the link points.
        The shared folder itself may be a link (the user chose it); the levels inside are baton's.
        """
        if self.absent() is not None:
            return None  # nothing to follow or not: `absent` says why
        level = self.root
        for name in LAYOUT:
            level = level / name
            try:
                mode = os.lstat(level).st_mode
            except FileNotFoundError:
                return None
            except OSError as exc:
                return level, f"cannot be looked at: {exc.strerror or exc}"
            if stat.S_ISLNK(mode):
                return (
                    level,
                    "a symbolic link where baton's folder belongs: not followed, nothing read or written there",
                )
            if not stat.S_ISDIR(mode):
                return level, (
                    f"{segment.kind_of(mode)} where baton's folder belongs: nothing read or written there "
                    "until it is a folder again"
                )
        return None

    def prepare(self, config: Config, public_key: str | None = None) -> Path:
        """Create our folder and its replica.json if missing; the folder. OSError when not writable.

        A replica.json from before device keys gains the key once. One that is not ours any more
        (damaged, replaced, another user's) is written again, and `info_restored` says so: until
        it is, teammates cannot tell whose folder this is and keep its segments waiting.
        """
        absent = self.absent()
        if absent is not None:
            raise FileNotFoundError(2, absent, str(self.root))
        blocked = self.layout_problem()
        if blocked is not None:
            raise FolderRefused(*blocked)
        folder = self.own(config.replica_id)
        _own_folder(self, folder)
        self.info_restored = _own_info(folder / REPLICA_FILE, config, public_key)
        return folder

    def sources(self) -> list[Source]:
        """Every replica folder with its segment files, in a stable order. Missing folder: none.
        One that cannot be read (a link, a file, no permission) is none too, and said in `skipped`."""
        self.skipped = []
        blocked = self.layout_problem()
        if blocked is not None:
            self.skipped.append(blocked)
            return []
        try:
            entries = sorted(os.scandir(self.replicas), key=lambda e: e.name)
        except (FileNotFoundError, NotADirectoryError):
            return []
        except OSError as exc:
            self.skipped.append((self.replicas, f"cannot list the folder: {exc.strerror or exc}"))
            return []
        found = []
        for entry in entries:
            if not REPLICA_ID.fullmatch(entry.name):  # fullmatch: `$` alone takes a name ending in a newline
                continue
            try:  # where the OS does not say a file's kind when listing, asking may find it gone already
                linked, folder = entry.is_symlink(), entry.is_dir(follow_symlinks=False)
            except OSError:
                continue
            if linked:  # a link could lead anywhere on this machine: never followed, said once
                self.skipped.append((Path(entry.path), LINKED_REPLICA))
                continue
            if not folder:  # said by every copy, as a link is: that replica's segments are not read meanwhile
                self.skipped.append((Path(entry.path), _not_a_folder(entry)))
                continue
            found.append(self._source(entry.name, Path(entry.path)))
        return found

    def _source(self, replica_id: str, path: Path) -> Source:
        files: list[SegmentFile] = []
        unreadable: list[tuple[Path, str]] = []
        try:
            names = sorted(os.listdir(path))
        except OSError as exc:  # no permission now, perhaps not later: said with what `sources` passed over
            self.skipped.append((path, f"cannot list the folder: {exc.strerror or exc}"))
            return Source(replica_id, path, [], [])
        for name in names:
            if name == REPLICA_FILE or is_ignored(name):
                continue
            parsed = segment.parse_name(name)
            if parsed is not None:
                files.append(SegmentFile(path / name, parsed))
            elif name.endswith(segment.SUFFIX):
                unreadable.append((path / name, "not a segment name (expected NNNNNN-<sha8>.jsonl)"))
        files.sort(key=lambda f: (f.name.seq, f.name.copy, f.path.name))
        return Source(replica_id, path, files, unreadable)


def _not_a_folder(entry: os.DirEntry[str]) -> str:
    """Why a replica's folder is not read: something else has its name (a file, most often)."""
    try:
        kind = segment.kind_of(entry.stat(follow_symlinks=False).st_mode)
    except OSError:
        kind = "something that is not a folder"
    return f"{kind} where a replica folder belongs: nothing of that replica is read"


def _own_folder(shared: SyncFolder, folder: Path) -> None:
    """This replica's folder, made when missing; FolderRefused when something else has its name (never
    written through: a link there could lead anywhere on this machine)."""
    for attempt in range(2):
        try:
            mode = os.lstat(folder).st_mode
        except FileNotFoundError:
            if attempt:
                raise
            shared.make_inside(folder)
            continue
        if stat.S_ISLNK(mode):
            raise FolderRefused(folder, LINKED_REPLICA)
        if not stat.S_ISDIR(mode):
            raise FolderRefused(folder, f"{segment.kind_of(mode)} where your folder belongs: nothing written there")
        return


def _own_info(info: Path, config: Config, public_key: str | None) -> bool:
    """Our replica.json, written when missing or not ours (damaged, another user's, or naming another device's
    key: teammates would list this device as not on the team); True when one was there and had to be written
    again."""
    there = True
    try:  # anyone can put anything there: read it as any replica.json is read
        old = bounded_json.loads(segment.read_file(info, MAX_REPLICA_FILE))
    except FileNotFoundError:
        old, there = None, False
    except (OSError, ValueError, segment.NotAFile):
        old = None
    ours = (
        isinstance(old, dict)
        and old.get("user") == config.user
        and old.get("replica") in (None, config.replica_id)
        and old.get("format", REPLICA_FORMAT) == REPLICA_FORMAT  # written by this baton: one it reads
    )
    if ours and isinstance(old, dict) and (public_key is None or old.get("public_key") in (None, "", public_key)):
        if public_key and not old.get("public_key"):
            old["public_key"] = public_key
            segment.write_atomic(info, (json.dumps(old, indent=2, ensure_ascii=False) + "\n").encode())
        return False
    if info.is_dir() and not info.is_symlink():
        raise FolderRefused(info, "a folder where your replica.json belongs: teammates cannot read your folder")
    body = {
        "format": REPLICA_FORMAT,
        "replica": config.replica_id,
        "user": config.user,
        "display_name": config.display_name,
        "tz": config.tz,
        "role": config.role,
    }
    if public_key:
        body["public_key"] = public_key
    segment.write_atomic(info, (json.dumps(body, indent=2, ensure_ascii=False) + "\n").encode())
    return there


def read_replica_info(folder: Path) -> ReplicaInfo:
    """Who writes `folder`; BatonError with the reason when replica.json is missing or wrong."""
    path = folder / REPLICA_FILE
    try:
        raw = segment.read_file(path, MAX_REPLICA_FILE)
        data: Any = bounded_json.loads(raw)
    except FileNotFoundError:
        raise BatonError("no replica.json yet (still arriving?)") from None
    except segment.NotAFile as exc:
        raise BatonError(f"replica.json is {exc}") from None
    except OSError as exc:
        raise BatonError(f"replica.json is unreadable: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise BatonError("replica.json is not JSON (not UTF-8 text)") from None
    except ValueError as exc:  # its reason says where (or how deeply nested): a damaged or half-copied file
        raise BatonError(f"replica.json is not JSON ({exc})") from None
    if not isinstance(data, dict):
        raise BatonError("replica.json is not a JSON object")
    form = data.get("format", REPLICA_FORMAT)
    if form != REPLICA_FORMAT:
        newer = isinstance(form, int) and not isinstance(form, bool) and form > REPLICA_FORMAT
        raise BatonError(
            f"replica.json is in format {form} of a newer baton: update baton to read this folder"
            if newer
            else f"replica.json names no format this baton knows ({str(form)[:20]!r})"
        )
    user = data.get("user")
    if not isinstance(user, str) or not re.fullmatch(USER_PATTERN, user):
        raise BatonError(f"replica.json names no valid user ({user!r})")
    if data.get("replica") not in (None, folder.name):
        raise BatonError(f"replica.json is for replica {data.get('replica')!r}, not the folder it sits in")
    role = "lead" if data.get("role") == "lead" else "member"
    name = data.get("display_name")
    name = "".join(c for c in " ".join(name.split()) if c.isprintable())[:MAX_NAME] if isinstance(name, str) else ""
    name = name or user  # no control characters: a name is printed in teammates' terminals
    tz = data.get("tz")
    tz = tz if isinstance(tz, str) and _known_zone(tz) else "UTC"
    key = data.get("public_key") if isinstance(data.get("public_key"), str) else None
    return ReplicaInfo(folder.name, user, name, tz, role, key, hashlib.sha256(raw).hexdigest())


def _known_zone(name: str) -> bool:
    """A zone name this machine knows (a teammate's unknown zone is shown as UTC, never a failure)."""
    try:
        zone(name)
    except InvalidValue:
        return False
    return True
