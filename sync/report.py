"""What one sync did, for the command line and the app's sync screen."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, replace
from pathlib import PurePath
from typing import Any

from baton.core.events import kind_noun
from baton.core.times import HOUR

FILES_SAID = 20
"""Files of one folder said one by one; the rest of that folder's in one more line that counts them. Anyone who
shares the folder can drop 100,000 files named like segments into it (or as many folders): a sync says a few
lines, not 100,000 (the app's sync screen would have to lay them all out)."""
ALL_FILES_SAID = 100
"""Files said one by one in a whole report; the rest of those not counted in their folder's line, in one more."""
_LINE = re.compile(r":\d+$")


@dataclass(frozen=True)
class Problem:
    """A file (or folder) that could not be used, and why. `retry`: it is read again next time."""

    file: str
    reason: str
    retry: bool = False


@dataclass(frozen=True)
class ConflictSeen:
    """An imported event that is kept in the log but not applied (see `baton show`)."""

    handoff: str
    event: str
    kind: str
    author: str
    reason: str


@dataclass(frozen=True)
class TrustIssue:
    """Something in the folder the team cannot vouch for (see verify.py), for a banner or a list.

    `kind`: "bad signature", "copied from another folder", "broken chain", "unknown device",
    "unsigned after the team was founded" or "tampering"; `file`: the segment (or the folder, for a device the
    team does not know); `replica`: the folder's replica id.
    """

    kind: str
    file: str
    replica: str
    reason: str


@dataclass
class SyncReport:
    sync_dir: str = ""
    exported_segments: int = 0
    exported_events: int = 0
    imported_segments: int = 0
    imported_events: int = 0
    compacted_through: int = 0
    """The last own segment folded into this replica's snapshot by this sync (0: none)."""
    compacted_files: int = 0
    teammates: list[str] = field(default_factory=list)
    """Users whose folders were seen, sorted."""
    outsiders: list[str] = field(default_factory=list)
    """Users whose folders were seen and the team does not vouch for (not on it, or not yet), sorted."""
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    conflicts: list[ConflictSeen] = field(default_factory=list)
    trust: list[TrustIssue] = field(default_factory=list)
    """Segments kept aside or tampered with; each is also a problem or a warning above."""
    changed: set[str] = field(default_factory=set)
    """Handoff ids whose projection changed through import."""
    zone: str = ""
    """This device's time zone now, when this import moved it to the roster's (a lead changed it: own_zone.py)."""
    zone_by: str = ""
    """Who changed it in the roster."""
    unreachable: bool = False
    """The shared folder could not be used at all (not there, not a folder): nothing went out or came in."""
    history: str = ""
    """Where this home's history came from, when this sync took a teammate's starter or checked one (starter.py)."""

    @property
    def moved(self) -> bool:
        """Events went out or came in, or a conflict arrived: news whenever it happens."""
        return bool(self.exported_events or self.imported_events or self.imported_segments or self.conflicts)

    @property
    def quiet(self) -> bool:
        """Nothing moved and nothing to tell."""
        return not (self.moved or self.problems or self.warnings)

    def problem(self, file: object, reason: str, retry: bool = False) -> None:
        """One line per problem: a file met twice in one sync (an own segment taken in ahead of the export,
        then again with everything else: backup.py) is said once. Past `FILES_SAID` files in one folder, or
        `ALL_FILES_SAID` in all, further files are counted in one line (warnings and trust issues are all said)."""
        found = Problem(printable(str(file)), printable(reason), retry)
        told: _Told = self.__dict__.setdefault("_told", _Told())  # not a field: as_json leaves it out
        if found in told.said:
            return
        told.said.add(found)
        path = PurePath(_LINE.sub("", found.file))  # a line's problem counts as its file's
        group = told.group(path)
        if group is _NAMED:
            self.problems.append(found)
            return
        at, counted = told.counts.setdefault(group, (len(self.problems), set()))
        if at == len(self.problems):
            self.problems.append(Problem(str(group or self.sync_dir or path.parent), "", retry))
        counted.add(path)
        files = f"{len(counted):,} more file{_s(len(counted))}"
        where = "here" if group else "in other folders here"
        line = self.problems[at]
        self.problems[at] = replace(
            line, reason=f"and {files} {where} that cannot be used either", retry=line.retry or retry
        )

    def distrust(self, issue: TrustIssue) -> None:
        """A trust issue for a banner or a list, once however often the file was met."""
        if issue not in self.trust:
            self.trust.append(issue)

    def warn(self, text: str) -> None:
        if text not in self.warnings:
            self.warnings.append(text)

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["changed"] = sorted(self.changed)
        return data

    def lines(self) -> list[str]:
        """The report in words, one line each."""
        out = [
            f"out: {self.exported_events} event{_s(self.exported_events)} in {self.exported_segments} segment{_s(self.exported_segments)}",
            f"in:  {self.imported_events} event{_s(self.imported_events)} from {self.imported_segments} segment{_s(self.imported_segments)}"
            + (f", {len(self.changed)} handoff{_s(len(self.changed))} changed" if self.changed else ""),
        ]
        if self.compacted_through:
            out.append(
                f"folded: your segments 1-{self.compacted_through} into one snapshot, "
                f"{self.compacted_files} file{_s(self.compacted_files)} removed"
            )
        if self.teammates:
            out.append(f"teammates' folders read: {', '.join(self.teammates)}")  # this pass; not "seen", the app's word
        if self.outsiders:
            out.append(
                f"folders of people not on the team: {', '.join(self.outsiders)} (nothing they write is applied)"
            )
        if self.zone:
            by = f" ({self.zone_by} changed it)" if self.zone_by else ""
            out.append(f"your time zone is now {self.zone}, as the team's roster says{by}: times are shown in it")
        if self.history:
            out.append(f"history: {self.history}")
        out += [f"warning: {warning}" for warning in self.warnings]
        for conflict in self.conflicts:
            out.append(
                f"conflict on {conflict.handoff[:8]}: {conflict.author}'s {kind_noun(conflict.kind)} "
                f"was not applied: {conflict.reason}"
            )
        return out + self.problem_lines()

    def problem_lines(self) -> list[str]:
        return [f"problem: {p.file}: {p.reason}{' (will retry)' if p.retry else ' (skipped)'}" for p in self.problems]

    def notes(self) -> list[str]:
        """The lines of `lines` that tell of trouble (warnings and problems): what lasts from pass to pass."""
        return [f"warning: {warning}" for warning in self.warnings] + self.problem_lines()


_NAMED = PurePath("named")
"""`_Told.group`'s answer for a file said by name."""


class _Told:
    """Which problems a report has said, which files it names, and which it counts instead (`SyncReport.problem`)."""

    def __init__(self) -> None:
        self.said: set[Problem] = set()
        self.named: dict[PurePath, set[PurePath]] = {}
        """folder -> its files said by name."""
        self.total = 0
        """Files said by name in all."""
        self.counted: dict[PurePath, PurePath | None] = {}
        """file -> the folder whose line counts it (None: the line for the whole report)."""
        self.counts: dict[PurePath | None, tuple[int, set[PurePath]]] = {}
        """folder (None: the whole report) -> where its line is in `problems`, and the files it counts."""

    def group(self, path: PurePath) -> PurePath | None:
        """`_NAMED` when `path` is said by name, else the folder whose line counts it (None: the report's line)."""
        if path in self.counted:
            return self.counted[path]
        here = self.named.setdefault(path.parent, set())
        if path in here:
            return _NAMED
        if len(here) < FILES_SAID and self.total < ALL_FILES_SAID:
            here.add(path)
            self.total += 1
            return _NAMED
        self.counted[path] = group = path.parent if len(here) >= FILES_SAID else None
        return group


def printable(text: str) -> str:
    """Text safe to print and to put in JSON: a file name that is not UTF-8 (its odd bytes kept by
    the OS as lone surrogates) or holds control characters shows them as `?` instead of failing the output."""
    return text if text.isprintable() else "".join(c if c.isprintable() else "?" for c in text)


def _s(n: int) -> str:
    return "" if n == 1 else "s"


def duration(ms: int) -> str:
    """A span of time in words: "12 min", "10 h", "3 days"."""
    minutes = ms // 60_000
    if minutes < 90:
        return f"{max(minutes, 1)} min"
    hours = round(ms / HOUR)
    return f"{hours} h" if hours < 48 else f"{round(hours / 24)} days"
