"""Whom a handoff may be handed to: never someone a lead had removed from the team.

A handoff named to a removed person waits on someone who can no longer act on it.
The question is asked of the event that names them (`created`'s receiver, a
reassignment's new holder) at its place in clock order, by the signed roster as it
stood at that stamp (`RuleContext.removed_by`): a draft named to someone before
their removal stands; an event stamped after it is refused, kept in the log and
shown as a conflict, the same on every replica whichever event arrived first (a
roster change folds again every handoff it may touch). The commands ask the same
question before they write (receivers.check_receiver), so the refusal reads the
same whether a command or the fold makes it.
"""

from __future__ import annotations

from typing import Any

from .allowed import LATER
from .payloads import EventDict
from .permissions import NOT_ALLOWED, Problem, RuleContext


def removed_words(user: str, by: str) -> str:
    """The refusal, in one line: who removed them, and what to do instead."""
    return f"{user} was removed from the team by {by}: name someone on the team"


def removed_receiver(user: object, event: EventDict | dict[str, Any], ctx: RuleContext) -> Problem:
    """NOT_ALLOWED when `user` stood removed from the team at the event's stamp; None otherwise."""
    if not isinstance(user, str):
        return None  # not a name: the user-name check says so
    by = ctx.removed_by(user, event)
    return None if by is None else (NOT_ALLOWED, removed_words(user, by))


def removed_now(user: str, author: str, replica: str, ctx: RuleContext) -> Problem:
    """The same question for a change `author` would make now from `replica` (a command, before it writes)."""
    probe = {"id": "", "handoff": "", "kind": "", "hlc": LATER, "at": 0, "author": author, "replica": replica}
    return removed_receiver(user, {**probe, "payload": {}}, ctx)
