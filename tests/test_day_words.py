"""A day more than six days off is said with its date, and with its year when that is not this year's: a deadline
ten years out never reads as this Friday, nor an absence until 9999 as this year's last day."""

from __future__ import annotations

from datetime import UTC, date, datetime

from baton.core.day_words import date_words, day_words
from baton.core.hours import Away
from baton.core.windows import in_both_zones

TODAY = date(2026, 12, 1)  # a Tuesday


def _ms(text: str) -> int:
    return int(datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp() * 1000)


def test_a_weekday_alone_only_within_the_coming_six_days():
    assert day_words(date(2026, 12, 1), TODAY) == "Tue"
    assert day_words(date(2026, 12, 7), TODAY) == "Mon"
    assert day_words(date(2026, 12, 8), TODAY) == "Tue 8 Dec"
    assert day_words(date(2026, 11, 30), TODAY) == "Mon 30 Nov"  # gone: its date, not last week's weekday
    assert day_words(date(2027, 1, 4), TODAY) == "Mon 4 Jan 2027"
    assert day_words(date(2026, 12, 31), date(2026, 12, 28)) == "Thu"
    assert day_words(date(2027, 1, 2), date(2026, 12, 28)) == "Sat"  # near, across the new year


def test_a_deadline_far_off_says_its_date_and_year_in_both_zones():
    now = _ms("2026-12-01T18:00:00")
    assert in_both_zones(_ms("2026-12-02T17:00:00"), "UTC", now=now) == "Wed 17:00 your time"
    assert in_both_zones(_ms("2027-11-16T17:00:00"), "UTC", now=now) == "Tue 16 Nov 2027 17:00 your time"
    assert in_both_zones(_ms("2036-11-03T17:45:00"), "UTC", now=now) == "Mon 3 Nov 2036 17:45 your time"
    both = in_both_zones(_ms("2026-12-20T23:30:00"), "UTC", "Priya", "Asia/Kolkata", now=now)
    assert both == "Sun 20 Dec 23:30 your time, Mon 21 Dec 05:00 for Priya"


def test_an_absence_says_its_year_when_it_ends_in_another():
    assert Away(TODAY, date(9999, 12, 31)).words() == "away until Fri 31 Dec 9999"
    assert Away(TODAY, date(2026, 12, 24), "winter break").words() == "away until Thu 24 Dec (winter break)"
    ahead = Away(date(2027, 3, 1), date(2027, 3, 2))
    assert ahead.days_words(TODAY) == "away from Mon 1 Mar 2027 to Tue 2 Mar 2027"
    assert date_words(date(2026, 12, 24), TODAY) == "Thu 24 Dec"
