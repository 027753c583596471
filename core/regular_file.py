"""Reading a file someone else may have put in baton's way: only a regular file, and only so much of it.

A FIFO would block an ordinary open until someone writes to it, a link to /dev/zero would
be read until memory runs out, and a file far larger than baton writes there is not one
of baton's. The shared folder's readers (sync/segment.py) and the files a person names or
keeps in the home (a checklist, an intake request) go through the same door.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path


class NotAFile(Exception):
    """A name on something that is not a regular file we may read (a FIFO, socket, device, link or folder),
    or one far larger than baton reads there: never opened or never read whole. Looked at again next time,
    in case a real file takes its place."""

    def __init__(self, message: str, kind: str | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        """What is there instead of a regular file ("a FIFO"); None when it is one, too large to read."""


def read_file(
    path: Path, limit: int, *, follow: bool = False, too_large: str = "larger than baton writes there"
) -> bytes:
    """The bytes of a regular file, at most `limit` of them; NotAFile for anything else.

    Never waits: the file is looked at first and opened non-blocking, and what was opened
    is checked again (it may have been swapped). A symbolic link is refused unless `follow`
    (a file a person named, or keeps in their own home: the link must still lead to a
    regular file). `too_large` says, in the caller's words, what a file over `limit` is.
    """
    before = os.stat(path) if follow else os.lstat(path)
    if not stat.S_ISREG(before.st_mode):
        raise NotAFile(f"not a regular file ({kind_of(before.st_mode)}): not opened", kind_of(before.st_mode))
    if before.st_size > limit:
        raise NotAFile(f"{before.st_size:,} bytes, {too_large} ({limit:,} bytes): not read")
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_BINARY", 0) | (0 if follow else getattr(os, "O_NOFOLLOW", 0))
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP and not follow:  # a link put in its place since it was looked at
            raise NotAFile("not a regular file (a symbolic link): not opened", "a symbolic link") from None
        raise
    try:
        opened = os.fstat(fd)
        if not stat.S_ISREG(opened.st_mode):
            raise NotAFile(f"not a regular file ({kind_of(opened.st_mode)}): not read", kind_of(opened.st_mode))
        with os.fdopen(os.dup(fd), "rb") as handle:
            data = handle.read(limit + 1)
    finally:
        os.close(fd)
    if len(data) > limit:
        raise NotAFile(f"{too_large} ({limit:,} bytes): not read")
    return data


SETTINGS_LIMIT = 1 << 20
"""Bytes read of a settings file a person keeps in the home (config.json, answer-checks.toml, brief.toml):
a few hundred in practice."""


def read_settings(path: Path, limit: int = SETTINGS_LIMIT) -> str:
    """The text of a file a person keeps in the home, through `read_file` (a link to a file is followed);
    NotAFile, OSError (FileNotFoundError when it is not there) or UnicodeDecodeError otherwise."""
    return read_file(path, limit, follow=True, too_large="larger than baton reads there").decode("utf-8")


def kind_of(mode: int) -> str:
    """What a file that is not a regular one is, in words ("a FIFO")."""
    for test, name in (
        (stat.S_ISLNK, "a symbolic link"),
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a device"),
        (stat.S_ISBLK, "a device"),
        (stat.S_ISDIR, "a folder"),
    ):
        if test(mode):
            return name
    return "a file" if stat.S_ISREG(mode) else "not a file"
