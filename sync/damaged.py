"""A file named like a segment that is not a whole one: still arriving, a sync tool's torn conflict copy, or damaged.

A segment counts only when its trailer matches (segment.py), so a reader meets files
that are not whole. Some are on their way: a sync tool that writes in place (a
network share, some cloud drives) shows a file growing. Most never will be: a sync
tool writes through a temporary name and renames a whole file into place, so what
stays cut or garbled is damaged. The rule, the same on every teammate's copy:

- **junk**: bytes no segment starts with (not a line of JSON text: random bytes, a
  file of zeros), or a whole trailer that contradicts the lines above it. Damaged at
  once, whatever its age: no more bytes arriving would make it a segment.
- **a sync tool's conflict copy** (`*.sync-conflict-*`, "conflicted copy") that is
  not whole: the tool made it from a file it had, so it never grows. Named as a
  conflict copy, with where its original is; safe to delete when the original is here
  or was taken in already.
- **anything else not whole** (empty, cut in a line, a trailer missing or not matching)
  is *still arriving* while the file was modified within `ARRIVING_MS` (or its time is
  ahead of this clock), and retried; after that it is *damaged*.

Either way it is one line of the report per file, saying whose folder and that nothing of
it is applied. Nothing is recorded for it, so it is read again on every sync: a whole
segment put under its name later is taken in then, and nothing is lost.
"""

from __future__ import annotations

import os

from . import segment, verify
from .folder import SegmentFile, Source
from .report import SyncReport, duration

ARRIVING_MS = 10 * 60_000
"""How long after its last change a file that is not whole is taken to be still arriving."""

ARRIVING = "still arriving"
DAMAGED = "damaged"


def tell(
    file: SegmentFile,
    source: Source,
    user: str,
    taken: set[str],
    cause: segment.SegmentIncomplete,
    now: int,
    report: SyncReport,
) -> str:
    """One line for a file that is not a whole segment; ARRIVING or DAMAGED, what a segment after it waits for.

    `taken`: hashes of its number taken in before (a conflict copy's original may be one of them)."""
    where = f"in {user}'s folder"
    if file.name.copy:
        report.problem(file.path, _conflict_copy(file, source, taken, cause, where))
        return DAMAGED
    if not cause.junk and _recent(file, now):
        report.problem(file.path, f"still arriving: {cause} ({where}): taken in once it is whole", retry=True)
        return ARRIVING
    what = f"not a segment baton wrote ({cause})" if cause.junk else f"not a whole segment ({cause})"
    if not cause.junk:
        what += f", unchanged for over {duration(ARRIVING_MS)}"
    report.problem(
        file.path, f"damaged: {what} {where}: nothing of it is applied (a whole segment put in its place would be)"
    )
    return DAMAGED


def _conflict_copy(
    file: SegmentFile, source: Source, taken: set[str], cause: segment.SegmentIncomplete, where: str
) -> str:
    original = segment.segment_name(file.name.seq, file.name.sha8)
    if file.name.snapshot:
        original = original.replace(segment.SUFFIX, segment.SNAPSHOT + segment.SUFFIX)
    here = any(f.path.name == original for f in source.segments)
    if here or any(h.startswith(file.name.sha8) for h in taken):
        whereabouts = "is here" if here else "was taken in already"
        after = f"the original ({original}) {whereabouts}, so this copy is safe to delete"
    else:
        after = f"the original ({original}) is not here yet"
    return (
        f"a conflict copy made by your sync tool {where}, not a whole segment ({cause}): nothing of it is applied; "
        + after
    )


def _recent(file: SegmentFile, now: int) -> bool:
    """Modified within ARRIVING_MS of `now`, or later than it (a clock behind the file's); True when it cannot
    be told (gone or unreadable a moment ago: the next sync looks again)."""
    try:
        changed = os.stat(file.path, follow_symlinks=False).st_mtime_ns // 1_000_000
    except OSError:
        return True
    return now - changed < ARRIVING_MS


def waits(failed: verify.Held, replica: str, unwholes: dict[tuple[str, str], str], aside: set[tuple[str, str]]) -> str:
    """Why a segment is kept aside; for one whose predecessor is here but not whole, or kept aside itself, that it
    waits for that one (whose own line says why), not that it is missing: one cause, one line saying it."""
    state = unwholes.get((replica, failed.after))
    state = f"{state} here" if state else None
    if state is None and (replica, failed.after) in aside:
        state = "kept aside here too"
    if not failed.after or state is None:
        return failed.reason
    return f"it waits for the segment before it ({failed.after}), which is {state}: applied once that one is taken in"
