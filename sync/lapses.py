"""A lead's word that an invitation expired unused, met with a clock stamp far ahead of this replica's clock.

A lead's copy lapses an invitation when its own clock passes the expiry
(core membership.lapse_expired), and every replica then refuses a join with that
code, whatever the join's stamp claims (the joiner's clock is the joiner's to set).
A lead whose clock runs hours ahead would thus end codes hours early for everyone.
So a replica takes such a lapse in only once its own clock agrees: while the lapse is
stamped more than `SKEW_WARNING_MS` ahead of this clock and this clock has not reached
the invitation's expiry, the line waits (its segment is read again on every sync, like
a quarantined stamp: nothing is lost) and the sync says so in one line.

What the wait cannot do is tell a join made in time from one backdated by a joiner who set
its clock back (that is why lapses exist): a join with the code that the lead's copy had
not seen when it lapsed it is refused once the lapse counts, here as on the lead's copy.
The line says so, so whoever joins meanwhile knows to ask for a new code.

The wait is bounded both ways: it ends when this clock reaches the expiry (a lead's
clock ahead cannot end a code before its time here), and at the latest when this clock
reaches the lapse's own stamp less the skew allowance (for an invitation this replica
has not heard of): a lead's clock cannot keep a code alive by being ahead either, and
a stamp more than 30 days ahead is quarantined like any other.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from baton.core.events import TEAM_STREAM
from baton.core.hlc import SKEW_WARNING_MS

from .report import duration


def premature(event: Mapping[str, Any], now: int, expiries: Mapping[str, int]) -> str | None:
    """Why this line waits (a lapse this replica's clock does not agree with yet); None to take it in.

    `expiries`: invitation id -> its expiry (UTC ms), as this replica's roster records them."""
    if event["handoff"] != TEAM_STREAM or event["kind"] != "invite_revoked":
        return None
    payload = event["payload"]
    if payload.get("lapsed") is not True:
        return None
    stamp = int(event["hlc"][:16])
    if stamp <= now + SKEW_WARNING_MS:
        return None
    expires = expiries.get(payload.get("invite")) if isinstance(payload.get("invite"), str) else None
    if expires is not None and now > expires:
        return None  # this clock agrees the invitation has expired
    return (
        f"{event['author']}'s copy says an invitation expired unused, but its clock is about "
        f"{duration(stamp - now)} ahead of yours: it counts here once your clock reaches the invitation's "
        "expiry, and from then a join with that code is refused everywhere (nothing is lost; ask them to fix "
        "the clock, and for a new code if that one is still needed)"
    )
