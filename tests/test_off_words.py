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


def test_stage_says_whose_calendar_an_absence_is_in_when_the_days_differ(tmp_path) -> None:
    """ "away until Tue 1 Dec" is the absent person's calendar: a viewer already in Wed 2 Dec read it as past."""
    from datetime import timedelta
    from zoneinfo import ZoneInfo

    from cli_support import baton as run

    from baton.core.home import Home
    from baton.core.members import add_away, set_profile
    from baton.core.replica import Replica

    home = tmp_path / "ana"
    ana = Replica.init(Home(home), "ana", role="lead", tz="Pacific/Kiritimati")  # UTC+14
    ana.store.upsert_teammate("pat", "Pat", "Pacific/Pago_Pago")  # UTC-11: always the day before
    set_profile(ana.store, "pat", stages=["gamma"])
    theirs = datetime.now(ZoneInfo("Pacific/Pago_Pago")).date()
    add_away(ana.store, "pat", theirs, theirs + timedelta(days=1))
    ana.close()
    line = next(t for t in run(home, "stage", "gamma").stdout.splitlines() if t.startswith("  pat "))
    assert "away until" in line and line.endswith(f"(their calendar: it is {theirs:%a} {theirs.day} there)")
