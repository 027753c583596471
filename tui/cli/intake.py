"""Reading an intake request for `baton new`, and telling what an accept opened next."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from baton.core.intake import Request, read_request
from baton.tui.cli.base import say


def intake_request(
    template: str | None, title: str | None, to: str | None, due: str | None, sets: tuple[str, ...], source: str | None
) -> Request:
    """The request `baton new` was given: JSON from a file or stdin, then its options."""
    text = None
    where = "stdin" if source == "-" else str(source)
    if source is not None:
        text = _request_text(source, where)
    return read_request(text, where, {"template": template, "title": title, "to": to, "due": due}, sets)


def _request_text(source: str, where: str) -> str:
    """The request's text, at most `MAX_REQUEST` bytes of it: from stdin (`-`, which may be a pipe), else from
    a regular file. A named FIFO or device is refused without being opened (it could wait for ever, or never
    end): a pipe is given as stdin."""
    from baton.core.errors import InvalidValue
    from baton.core.intake import MAX_REQUEST
    from baton.core.regular_file import NotAFile, read_file
    from baton.core.template import unreadable

    too_large = "larger than a request may be"
    try:  # a binary file was "unexpected error: UnicodeDecodeError", a folder "Is a directory: /tmp"
        if source == "-":
            stdin = getattr(sys.stdin, "buffer", None)
            data = stdin.read(MAX_REQUEST + 1) if stdin is not None else sys.stdin.read(MAX_REQUEST + 1).encode()
            if len(data) > MAX_REQUEST:
                raise InvalidValue(f"{where}: cannot read: {too_large} ({MAX_REQUEST:,} bytes): not read")
        else:
            data = read_file(Path(source), MAX_REQUEST, follow=True, too_large=too_large)
        return data.decode("utf-8")
    except (OSError, UnicodeDecodeError, NotAFile) as exc:
        pipe = " (give a pipe as stdin: `--from-json -`)" if isinstance(exc, NotAFile) and exc.kind == "a FIFO" else ""
        raise InvalidValue(f"{where}: {unreadable(exc)}{pipe}") from None


def report_next(replica: Any, handoff: str, to: str | None = None, after_accept: bool = False) -> bool:
    """Open the chain's next drafts after an accept and say what became of each (ids on stdout); whether
    every one is open. Right after an accept, a checklist that names no next one is said nothing about
    (asked for with `next`, it is)."""
    from baton.core.chains import NothingFollows, open_next
    from baton.core.routing import COMMAND_FIX, NoCandidate

    try:
        results = open_next(replica, handoff, to)
    except NothingFollows:
        if after_accept:
            return True
        raise
    for opened in results:
        if opened.problem:
            problem = opened.problem
            if isinstance(opened.refusal, NoCandidate) and not to:  # how to name one, inside core's own words
                problem = opened.refusal.said(COMMAND_FIX, f": `baton next {handoff} --to USER`")
            say(f"baton: could not open the next handoff ({opened.template_id}): {problem}", err=True)
            continue
        carried = f"; {opened.carried} value{'s' if opened.carried != 1 else ''} carried" if opened.carried else ""
        how = f" ({opened.route})" if opened.route else ""
        verb = "Already open" if opened.existed else "Opened the next handoff"
        say(f"{verb}: {opened.handoff_id} — {opened.template_id} to {opened.receiver}{how}{carried}")
        if opened.note:
            say(f"note: {opened.note}", err=True)
    return not any(opened.problem for opened in results)
