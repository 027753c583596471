"""Errors the core raises; each carries the exit code the command line uses.

Every error is a refusal made *before* anything is written, so a caller can show
its message and know the data is untouched.
"""

from __future__ import annotations

from typing import Any


class BatonError(Exception):
    """A refusal with one clear message."""

    exit_code = 1


class NotFound(BatonError):
    """An id, item, template or replica that does not exist."""

    exit_code = 4


class NotAllowed(BatonError):
    """The user may not do this: wrong role, or not the one whose turn it is."""

    exit_code = 5


class InvalidValue(BatonError):
    """A value that does not fit the item or the option it was given for."""

    exit_code = 1

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field
        """Which of several values given together is the wrong one, as the message names it (the app puts
        the cursor there); None when the message is about one value alone."""


class Blocked(BatonError):
    """The gate refused a send; `blockers` says every reason, in template order."""

    exit_code = 3

    def __init__(self, message: str, blockers: list[Any]) -> None:
        super().__init__(message)
        self.blockers = blockers


class TemplateError(BatonError):
    """A template file that cannot be used; names the file and every problem."""

    exit_code = 1

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = problems
        super().__init__(f"{source}: " + "; ".join(problems_said(problems)))


PROBLEMS_SAID = 20
"""Problems said of one checklist file: a file with 20,000 bad items gets the first ones and a count, not a page
each (the first ones are what a person fixes before running the check again)."""


def problems_said(problems: list[str], limit: int = PROBLEMS_SAID) -> list[str]:
    """The first `limit` problems, then `and N more problems` for the rest (all of them when they are few)."""
    if len(problems) <= limit:
        return list(problems)
    rest = len(problems) - limit
    return [*problems[:limit], f"and {rest:,} more problem{'' if rest == 1 else 's'}"]


class NotInitialized(BatonError):
    """No replica in this home yet."""

    exit_code = 1


class DamagedDatabase(BatonError):
    """A database SQLite cannot read. What was sent is still in the shared folder: say how to get it back."""

    def __init__(self, path: object, why: object) -> None:
        super().__init__(
            f"the database {path} is damaged or not baton's ({why}): move it aside (to baton.db.damaged) and run "
            "`baton sync`, which brings back everything you and your team sent to the shared folder"
        )
