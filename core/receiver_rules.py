"""Whom a handoff may be handed to: never someone a lead had removed from the team.

A handoff handed to a removed person waits on someone who can no longer act on it.
The question is asked at an event's place in clock order, by the signed roster as it
stood at that stamp (`RuleContext.removed_by`), so every replica answers the same
whichever event arrived first (a roster change folds again every handoff it may touch):

- a reassignment moving the step to them, or a change of receiver naming them, is
  refused (kept in the log, shown as a conflict): the step stays with whoever had it;
- a `created` naming them stands: a teammate may write a draft for them before the
  removal reached their copy, and what they typed is never lost. The draft stays the
  sender's, with its answers;
- the send of a handoff whose receiver was removed by the send's stamp is refused
  (`unsent_problem`): nothing reaches them, and the sender gives the draft another
  receiver (receiver_change.py), then sends it. A send is the one event that hands a
  draft to its receiver. A reopen gives a cancelled handoff back the state it had: one
  sent before the removal is again what any handoff sent to someone removed since is, and
  a lead reassigns it (refusing the reopen would leave it cancelled, with no way on).

The commands ask the same questions before they write (receivers.check_receiver for a
name typed, Replica.send for a send), so a refusal reads the same whether a command or
the fold makes it. The words stay free of keys and commands: the command line adds
`baton reassign ID --receiver USER`, the app its Ctrl+G (`unsent_now` says when; `send_saying`
adds it to a send's refusal).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .allowed import LATER
from .payloads import EventDict
from .permissions import NOT_ALLOWED, Problem, RuleContext

if TYPE_CHECKING:
    from .events import LocalEvent
    from .projection import HandoffState
    from .replica import Replica


def removed_words(user: str, by: str) -> str:
    """The refusal of a name, in one line: who removed them, and what to do instead."""
    return f"{user} was removed from the team by {by}: name someone on the team"


def reassign_words(user: str, by: str, what: str = "it") -> str:
    """What waits on someone a lead removed, in one line wherever it is said (`show`, `new`, `send`, `remind`, the
    report's unowned handoffs): who removed them, and that a lead reassigns `what` waits."""
    return f"{user} was removed from the team by {by}: a lead reassigns {what}"


def unsent_words(user: str, by: str) -> str:
    """The refusal of a send, in one line: who removed the receiver, and what the sender does instead."""
    return f"{user} was removed from the team by {by}: give the draft another receiver, then send it"


def removed_receiver(user: object, event: EventDict | dict[str, Any], ctx: RuleContext) -> Problem:
    """NOT_ALLOWED when `user` stood removed from the team at the event's stamp; None otherwise."""
    if not isinstance(user, str):
        return None  # not a name: the user-name check says so
    by = ctx.removed_by(user, event)
    return None if by is None else (NOT_ALLOWED, removed_words(user, by))


def unsent_problem(state: HandoffState, event: EventDict | dict[str, Any], ctx: RuleContext) -> Problem:
    """NOT_ALLOWED when the event would hand the step to a receiver who stood removed at its stamp (a send)."""
    by = ctx.removed_by(state.receiver, event) if state.receiver else None
    return None if by is None else (NOT_ALLOWED, unsent_words(state.receiver, by))


def _probe(author: str, replica: str) -> dict[str, Any]:
    """An event `author` would write now from `replica`: after every stamp there is."""
    return {"id": "", "handoff": "", "kind": "", "hlc": LATER, "at": 0, "author": author, "replica": replica,
            "payload": {}}  # fmt: skip


def removed_now(user: str, author: str, replica: str, ctx: RuleContext) -> Problem:
    """The same question for a change `author` would make now from `replica` (a command, before it writes)."""
    return removed_receiver(user, _probe(author, replica), ctx)


def unsent_now(state: HandoffState, ctx: RuleContext) -> str | None:
    """The words a send made now meets because the handoff's receiver was removed; None when it does not.

    A screen and the command line compare a send's refusal with these to add their own way of giving the draft
    another receiver, and `show` and the app's gate panel say them while the draft waits.
    """
    problem = unsent_problem(state, _probe(state.sender, ""), ctx)
    return None if problem is None else problem[1]


def send_saying(replica: Replica, handoff: str, how: str) -> LocalEvent:
    """`Replica.send`; refused because a lead removed the receiver (`unsent_now`'s words), the refusal also says
    `how` its caller gives the draft another receiver (the app's key, the command line's command)."""
    from .errors import NotAllowed

    try:
        return replica.send(handoff)
    except NotAllowed as refused:
        if str(refused) != unsent_now(replica.state(handoff), replica.store.rules):
            raise
        raise NotAllowed(f"{refused} ({how})") from None
