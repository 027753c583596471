"""A stage given to a teammate that no checklist moves work to or from: said, since nothing is routed there.

A lead typing `delivry` for `delivery` (in `team invite --stage`, `team set --stage`, or the Team screen)
made a teammate who receives for a stage no handoff is ever routed to: the roster looked right at a glance,
and the work for `delivery` went to everyone else without a word. The stage is still kept (a team may name
a stage before it has a checklist for it); the note names it, and the known stage it is one slip from.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .replica import Replica


def unknown_stages_note(replica: Replica, user: str, stages: Sequence[str]) -> str | None:
    """Words for the stages in `stages` that no checklist names and no other member receives for; None if none.

    `user` is the teammate being given them: their own stages do not make a stage known."""
    from difflib import get_close_matches

    from .drafts import known_stages
    from .members import members

    others = [member for member in members(replica.store) if member.user != user]
    known = known_stages(replica, others)
    unknown = [stage for stage in dict.fromkeys(stages) if stage not in known]
    if not unknown:
        return None
    named = []
    for stage in unknown:
        close = get_close_matches(stage, known, n=1, cutoff=0.6)
        named.append(f"{stage!r} (did you mean {close[0]}?)" if close else repr(stage))
    which = f"the stage {named[0]}" if len(named) == 1 else f"the stages {', '.join(named[:-1])} and {named[-1]}"
    listed = ", ".join(known) if known else "none yet"
    return f"no checklist moves work to or from {which}: no handoff is routed there (known stages: {listed})"
