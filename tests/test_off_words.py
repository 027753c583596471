"""Why a teammate who is not away is off now, and when they are back: `baton stage` said only "off now",
which on a weekday morning in their zone (a public holiday) read like a mistake."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from test_cli_routing import Baton, baton  # noqa: F401  (the fixture)

from baton.core.hours import Member, WorkingHours


def _ms(text: str) -> int:
    return int(datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp() * 1000)


def test_a_public_holiday_is_named_with_when_they_are_back() -> None:
    rafa = Member(user="rafa", tz="America/Sao_Paulo", holidays="BR")
    good_friday_morning = _ms("2027-03-26T14:00:00")  # 11:00 in São Paulo, inside their hours
    assert rafa.off_words(good_friday_morning) == (
        "off now: Good Friday, a public holiday in BR; back Mon 29 Mar 09:00 their time"
    )


def test_outside_hours_says_when_they_start_in_their_own_zone() -> None:
    wei = Member(user="wei", tz="Asia/Singapore", hours=WorkingHours.parse("mon-fri 09:00-18:00"))
    assert wei.off_words(_ms("2027-03-23T12:00:00")) == "off now; back Wed 24 Mar 09:00 their time"  # 20:00 there


def test_stage_lists_why_someone_is_off(baton: Baton) -> None:  # noqa: F811
    shown = baton("stage", "gamma")
    assert shown.returncode == 0, shown.stderr
    line = next(text for text in shown.stdout.splitlines() if text.startswith("  cal "))
    assert re.search(r"(working now|off now; back \w{3} \d{1,2} \w{3} 09:00 their time)$", line), line
