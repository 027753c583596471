"""A receiver named by hand: someone who has not joined yet, or a teammate's name mistyped.

A handoff may name someone this copy has never heard of: they may join the team
later, and the handoff waits for them. But a name one letter away from a teammate's
(`bem` for `ben`) is almost always a typo, and a handoff sent to it would wait for
nobody while the real receiver never sees it. So a name that is not a teammate's but
is close to one is refused, with the teammate it probably meant, unless the person
says it is someone new. This is about what a person typed, not about the event: an
event naming anyone, arriving through sync, meets only the rules (rules.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .config import check_user
from .errors import NotAllowed, NotFound

if TYPE_CHECKING:
    from .replica import Replica

NEW_TEAMMATE_FLAG = "--new-teammate"
"""How the command line says "I mean someone who has not joined yet" (named in the refusal)."""


def known_people(replica: Replica) -> set[str]:
    """Everyone this copy knows by name: the members routing knows (members.py: the roster's, or before a team
    the teammates' profiles) and whoever has synced into the folder."""
    from .members import members

    known = {member.user for member in members(replica.store)}
    known.update(replica.store.teammates())
    return known


def meant_instead(replica: Replica, user: str, or_me: bool = False) -> str | None:
    """The teammate `user` is probably a typo of: None when `user` is known, or close to nobody known.

    A handoff never goes to its sender, so never "did you mean you" unless `or_me`: a stage's triage owner may be
    the lead who sets it."""
    known = known_people(replica) | {replica.user} if or_me else known_people(replica) - {replica.user}
    if user in known or user == replica.user:
        return None
    from .near_miss import closest

    return closest(user, known)


def not_removed(replica: Replica, people: list[str]) -> list[str]:
    """Of `people`, those a lead has not removed from the team (whom the app offers to hand a step to): the rule
    a change naming them would meet now (receiver_rules.py)."""
    from .receiver_rules import removed_now

    ctx, user, replica_id = replica.store.rules, replica.user, replica.config.replica_id
    return [p for p in people if removed_now(p, user, replica_id, ctx) is None]


def check_receiver(replica: Replica, user: str, new_teammate: bool = False, next_step: bool = False) -> None:
    """Refuse someone a lead removed from the team (NotAllowed: the handoff would wait on a person who can no
    longer act, `new_teammate` or not), and, unless `new_teammate`, a near-miss of a teammate's name (NotFound,
    naming whom it probably meant) or, for the next step of a handoff already made (`next_step`: a reassign), once
    there is a team, a name neither on it nor invited (NotFound): the handoff would leave every queue. A new
    handoff to such a name stays in its sender's outbox, waiting, with a note. A name that is no user name (empty,
    blank, capitals) is refused first (InvalidValue), as the event would be."""
    from .receiver_rules import removed_now

    check_user(user)

    removed = removed_now(user, replica.user, replica.config.replica_id, replica.store.rules)
    if removed is not None:
        raise NotAllowed(removed[1])  # the fold's own words: the rule any event naming them meets
    if new_teammate:
        return
    meant = meant_instead(replica, user)
    if meant is not None:
        raise NotFound(
            f"no teammate named {user!r} — did you mean {meant}? (to hand it to someone who has not joined yet, "
            f"pass {NEW_TEAMMATE_FLAG})"
        )
    roster = replica.store.roster()
    if (
        next_step
        and roster.founded
        and user != replica.user
        and roster.member(user) is None
        and all(i.user != user for i in roster.pending_invites(replica.wall()))
    ):  # once there is a team, a name nobody invited is a typo more often than a newcomer: said, not taken
        raise NotFound(
            f"{user} is not on the team and nobody has invited them: the handoff would leave every queue "
            f"(to hand it to someone who will join, pass {NEW_TEAMMATE_FLAG}; a lead invites them with "
            f"`baton team invite {user}`)"
        )


def check_owner(replica: Replica, user: str) -> None:
    """A stage's triage owner (`stage --rule owner --owner USER`): a near-miss of a teammate's name is refused as a
    typo (NotFound, naming whom it probably meant). Taken, `bem` routed every handoff past the owner, with only
    "triage owner bem is away or not in sales" to say why."""
    check_user(user)
    meant = meant_instead(replica, user, or_me=True)
    if meant is not None:
        raise NotFound(f"no teammate named {user!r} — did you mean {meant}?")


def waiting_note(replica: Replica, user: str) -> str | None:
    """A note when a handoff now waits on someone this copy has never heard of, or on someone who cannot
    answer now (`absence_note`); None otherwise."""
    roster = replica.store.roster()
    if roster.founded and roster.member(user) is None and roster.removed(user) is None:
        return f"{user} is not on the team; the handoff waits for them until a lead adds them"
    if user not in replica.store.teammates() and roster.removed(user) is None:
        return f"nobody called {user} has synced yet; the handoff waits for them"
    return absence_note(replica, user)


def absence_note(replica: Replica, user: str, off_hours: bool = True) -> str | None:
    """Why `user` will not answer now, or None: a lead removed them (a handoff sent to them before the removal
    reached this copy; naming them, or sending to them, is refused: receiver_rules.py), or they are
    away today in their own calendar (routing would have passed them over; named by hand, they get it, and
    the sender should know it waits), or (`off_hours`) they are outside their working hours now, a public
    holiday of theirs included, with when they are back. Said by `new`, `reassign` and `send`."""
    roster = replica.store.roster()
    removed = roster.removed(user) if roster.founded else None
    if removed is not None:
        from .receiver_rules import reassign_words

        return reassign_words(user, removed[1])
    from .members import members

    now = replica.wall()
    person = next((m for m in members(replica.store) if m.user == user), None)
    away = person.away_at(now) if person is not None else None
    if away is not None:
        return f"{user} is {away.words()}; the handoff waits for them"
    if off_hours and person is not None and _keeps_hours(person, now) and not person.working_at(now):
        return f"{user} is {person.off_words(now)}; the handoff waits for them"
    return None


def _keeps_hours(person: Any, now: int) -> bool:
    """Whether what is known of `person`'s working time is theirs to say: hours they set (the default is
    nobody's word), or a public holiday of theirs today."""
    from .hours import DEFAULT_HOURS, holiday_on

    return person.hours != DEFAULT_HOURS or bool(person.holidays and holiday_on(person.holidays, person.local_day(now)))


def away_before_due(replica: Replica, user: str, due_ms: int | None) -> str | None:
    """Days away that start after today and by the day the answer is due, in `user`'s own calendar, or None.

    A send to someone away today is told by `absence_note`; one whose days away begin tomorrow looked like any
    other send, while the answer can only come after them (a window in working hours skips them; a window in
    wall-clock hours runs out during them). Said by `send`.
    """
    if due_ms is None:
        return None
    from .members import members

    person = next((m for m in members(replica.store) if m.user == user), None)
    if person is None:
        return None
    today, due_day = person.local_day(replica.wall()), person.local_day(due_ms)
    ahead = sorted((a for a in person.away if today < a.start <= due_day), key=lambda a: a.start)
    if not ahead:
        return None
    return f"{user} is {ahead[0].days_words(today)}, before the answer is due"
