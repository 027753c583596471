"""Reading a segment's lines: each one checked whole, in this process or a little ahead in a second one.

A newcomer's first import reads a team's whole history, and reading and checking a
line costs about as much as storing it. On a machine with a second core, a large
import reads and checks its segments in a second process, a few segments ahead of
the one being stored, so storing one overlaps reading the next. Both processes run
the very same function (`check_lines`) on the very same bytes: the same rows, the
same events, the same problems with the same reasons. What happens next (the
signature, the chain, the device, copies of one id, the fold) stays in the
importing process, in the same order as without a second one. Its answers come
over a part at a time (handover.py), so neither process holds a whole segment's rows.

A small import (a teammate's latest burst) never starts a second process: starting
one costs more than it saves below a few megabytes. `BATON_READ_AHEAD=0` in the
environment turns it off (to compare the two, or on a machine where a second process
is not welcome).
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import itertools
import os
import pickle
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from baton.core.hlc import ABSURD_MS, SKEW_WARNING_MS

from . import handover, segment, wire
from .handover import Handed, Parting, handed
from .report import duration
from .snapshots import Snapshots

READ_AHEAD_BYTES = 8 << 20
"""Bytes of segments to read below which an import reads them all itself."""
AHEAD = 2
"""Jobs sent ahead of the segment being taken in (the other process answers one at a time)."""


@dataclass
class Lines:
    """A segment's lines read and checked: the usable ones, and what is wrong with the others."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)
    """The line number of each row."""
    problems: list[tuple[int, str, bool]] = field(default_factory=list)
    """(line number, reason, whether to read it again later) of every line not taken."""
    retry: bool = False
    """Some line may be usable later (a newer baton, a clock far ahead): the segment is read again."""
    foreign: bool = False
    """Some line's author is not the folder's user: the segment is read again if replica.json changes."""
    newest: int = 0
    """The newest `at` among the rows."""
    ahead: int = 0
    """How far (ms) the furthest stamp is ahead of now, past the warning, when not quarantined and the writer's own
    wall time (`at`) is that far ahead too: a stamp carried up from another teammate's clock blames nobody here."""


def check_lines(lines: list[bytes], replica: str, user: str, now: int, snapshots: Snapshots) -> Lines:
    """Every line of a segment of `replica`'s folder, whose user is `user`, checked whole (wire.py) and
    against its folder; a stamp more than the absurd bound ahead of `now` is quarantined.

    The first `PROBLEMS_SAID` unusable lines are said one by one; the rest of that segment's in one more line
    (a damaged or hostile file of a million bad lines is not a million lines of report)."""
    checking = Checking(replica, user, now, snapshots)
    checking.check(lines)
    return checking.close()


class Checking:
    """A segment's lines checked a part at a time (`check`, in order), the usable ones appended to `found`'s
    rows, events and numbers, which the caller may take away between parts; `close` when all are in."""

    def __init__(self, replica: str, user: str, now: int, snapshots: Snapshots) -> None:
        self.replica, self.user, self.now, self.snapshots = replica, user, now, snapshots
        self.found = Lines()
        self.problems = _Said(self.found.problems)
        self.number = 0
        """Line number of the last line checked."""

    def check(self, lines: list[bytes]) -> None:
        found, replica, user, now, problems = self.found, self.replica, self.user, self.now, self.problems
        rows, events, numbers = found.rows, found.events, found.numbers
        newest = found.newest
        # Stamps start with 16 digits of wall time, so a plain string comparison finds the ones far ahead.
        absurd, skewed = f"{now + ABSURD_MS:016d}", f"{now + SKEW_WARNING_MS:016d}"
        read_line, loads, reduced_of = wire.read_line, self.snapshots.loads, self.snapshots.reduced_of
        for number, line in enumerate(lines, self.number + 1):
            try:
                row, event = read_line(line, loads, reduced_of)
            except wire.BadLine as bad:
                problems.append((number, bad.reason, bad.retry))
                found.retry = found.retry or bad.retry
                continue
            if row["replica"] != replica:
                problems.append(
                    (number, f"event of replica {row['replica']} in the folder of replica {replica}", False)
                )
                continue
            if row["author"] != user:
                found.foreign = True
                problems.append(
                    (number, f"event by {row['author']} in {user}'s folder (replica.json): not imported", False)
                )
                continue
            wall = row["hlc"][:16]
            if wall > skewed:
                ahead = int(wall) - now
                if wall > absurd:
                    problems.append(
                        (number, f"clock stamp {duration(ahead)} in the future: quarantined, not applied", True)
                    )
                    found.retry = True
                    continue
                # The writer's own clock (`at`) is what is ahead, or the stamp was carried up from someone else's
                # (an HLC moves up to the newest it saw): a teammate who read a fast clock is not the one to blame.
                own = row["at"] - now
                if own > SKEW_WARNING_MS:
                    found.ahead = max(found.ahead, min(ahead, own))
            if row["at"] > newest:
                newest = row["at"]
            rows.append(row)
            events.append(event)
            numbers.append(number)
        self.number += len(lines)
        found.newest = newest

    def close(self) -> Lines:
        self.problems.close()
        return self.found


PROBLEMS_SAID = 20
"""Unusable lines of one segment said one by one; the others are counted in one line."""


class _Said:
    """A segment's problems: the first PROBLEMS_SAID as they come, then one line counting the rest."""

    def __init__(self, said: list[tuple[int, str, bool]]) -> None:
        self.said = said
        self.more = 0
        self.first = 0
        self.retry = False

    def append(self, problem: tuple[int, str, bool]) -> None:
        if len(self.said) < PROBLEMS_SAID:
            self.said.append(problem)
            return
        if not self.more:
            self.first = problem[0]
        self.more += 1
        self.retry = self.retry or problem[2]

    def close(self) -> None:
        if self.more:
            lines = f"{self.more:,} more line{'' if self.more == 1 else 's'}"
            self.said.append((self.first, f"and {lines} from here on that cannot be taken in either", self.retry))


class ReadAhead:
    """Segments read and checked in a second process, ahead of the one being taken in.

        `jobs` are (path, replica, user) in the order the import takes the segments, and
        `get(i)` is asked for each in that order: the i-th one's (content without its lines,
        line count, Lines without its rows, the rows still in parts: handover.py), or None when
        the import is to read it itself (every one after that process is gone). A file that
        cannot be read raises here as segment.read would. The second process is a plain
        `python` given this module's `serve` (no multiprocessing: nothing of the importing
        program is run again there). Jobs go through its stdin; each answer is written to a file
    in a private temporary folder (removed at the end) and its name comes back on stdout.
    """

    def __init__(self, jobs: list[tuple[Path, str, str]], now: int) -> None:
        import subprocess
        import tempfile

        self.expected = 0
        self.spool: str | None = tempfile.mkdtemp(prefix="baton-read-ahead-")
        code = f"import sys; sys.path[:0] = {sys.path!r}; from baton.sync.reading import serve; serve({self.spool!r})"
        try:
            self.process: subprocess.Popen[bytes] | None = subprocess.Popen(
                [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
            )
        except OSError:
            self.process = None
            self.close()
            raise
        self.jobs, self.now, self.sent = jobs, now, 0
        self._send(1 + AHEAD)

    def _send(self, upto: int) -> None:
        """Jobs up to (not including) `upto`: a few at a time, so that the pipe never fills with jobs while the
        other process waits for its answer to be read."""
        if self.process is None or self.process.stdin is None:
            return
        try:
            while self.sent < min(upto, len(self.jobs)):
                path, replica, user = self.jobs[self.sent]
                pickle.dump((path, replica, user, self.now, handover.PART_ROWS), self.process.stdin)
                self.sent += 1
            self.process.stdin.flush()
        except OSError:
            self.close()

    def get(self, index: int) -> tuple[segment.Segment, int, Lines, Handed] | None:
        if self.process is None or index != self.expected:
            return None
        self.expected += 1
        self._send(index + 1 + AHEAD)
        try:
            outcome, value = pickle.load(self.process.stdout)  # type: ignore[arg-type]
            if outcome == "read":
                with open(value, "rb") as answer:
                    data = answer.read()
                os.unlink(value)
        except Exception:  # the process is gone (killed, out of memory, disk full): this one reads the rest itself
            self.close()
            return None
        if outcome != "read":
            if isinstance(value, OSError) and self._spooled(value):
                self.close()  # it could not write its answer here (the local disk full): this one reads the rest
                return None
            raise value
        content, count, packed, head = pickle.loads(data)
        return content, count, _unpacked(packed), handed(head)

    def _spooled(self, error: OSError) -> bool:
        """Whether the error is about the temporary folder the answers go through, not the segment being read."""
        return self.spool is not None and str(error.filename or "").startswith(os.path.join(self.spool, ""))

    def close(self) -> None:
        """Stops the second process (it reads no further than the job it is on)."""
        process, self.process = self.process, None
        if process is not None:
            process.kill()
            process.wait()
            for pipe in (process.stdin, process.stdout):
                if pipe is not None:
                    with contextlib.suppress(OSError):  # jobs it never read: nothing to flush them to
                        pipe.close()
        if self.spool is not None:
            shutil.rmtree(self.spool, ignore_errors=True)
            self.spool = None


def read_ahead(jobs: list[tuple[Path, str, str]], sizes: list[int], now: int) -> ReadAhead | None:
    """A ReadAhead for these segments when they are worth a second process (enough bytes, a second core)."""
    if len(jobs) < 2 or sum(sizes) < READ_AHEAD_BYTES or (os.cpu_count() or 1) < 2:
        return None
    if os.environ.get("BATON_READ_AHEAD") == "0":
        return None
    try:
        return ReadAhead(jobs, now)
    except OSError:
        return None


def serve(spool: str) -> None:
    """The second process: jobs from stdin until it closes. Each answer is written whole to a file in `spool`
    and its name sent on stdout, so this process goes on to the next job without waiting for the importing
    one to read the answer (a pipe holds a few kilobytes; an answer is megabytes)."""
    gc.disable()  # what a job allocates is freed by reference counting, as in the import itself
    jobs, answers = sys.stdin.buffer, sys.stdout.buffer
    for number in itertools.count():
        try:
            path, replica, user, now, part_rows = pickle.load(jobs)
        except EOFError:
            return
        try:
            read = _read_elsewhere(path, replica, user, now, os.path.join(spool, str(number)), part_rows)
        except Exception as exc:
            answer: tuple[str, Any] = ("raised", exc)
        else:
            name = os.path.join(spool, f"{number}.pickle")
            with open(name, "wb") as out:
                pickle.dump(read, out, protocol=pickle.HIGHEST_PROTOCOL)
            answer = ("read", name)
        pickle.dump(answer, answers, protocol=pickle.HIGHEST_PROTOCOL)
        answers.flush()


_SNAPSHOTS: Snapshots | None = None


def _read_elsewhere(
    path: Path, replica: str, user: str, now: int, stem: str, part_rows: int
) -> tuple[segment.Segment, int, tuple[Any, ...], tuple[Any, ...]]:
    """In the second process: one segment read and checked, PART_ROWS lines at a time, its usable rows written to
    part files as tuples (they pickle in a fraction of the time dicts take) and its lines let go as they are
    checked (handover.py)."""
    global _SNAPSHOTS
    if _SNAPSHOTS is None:
        _SNAPSHOTS = Snapshots()
    content = segment.read(path)
    lines, count = content.lines, len(content.lines)
    content = dataclasses.replace(content, lines=[])
    checking = Checking(replica, user, now, _SNAPSHOTS)
    parting = Parting(stem)
    found = checking.found
    while lines:
        checking.check(lines[:part_rows])
        del lines[:part_rows]
        parting.write(found.rows, found.events, found.numbers)
        found.rows, found.events, found.numbers = [], [], []
    found = checking.close()
    packed = ((), (), (), found.problems, found.retry, found.foreign, found.newest, found.ahead)
    return content, count, packed, parting.head()


def _unpacked(packed: tuple[Any, ...]) -> Lines:
    """A segment's head: what is wrong with its lines (its rows come in parts, handover.py)."""
    _, _, numbers, problems, retry, foreign, newest, ahead = packed
    return Lines([], [], list(numbers), problems, retry, foreign, newest, ahead)


def sizes_of(paths: list[Path]) -> Iterator[int]:
    for path in paths:
        try:
            yield path.stat().st_size
        except OSError:
            yield 0
