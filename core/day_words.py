"""How a day is said beside a time: its weekday alone while it is within the coming week, else its date too, and
its year when that is not this year's, so a deadline ten years out never reads as this Friday."""

from __future__ import annotations

from datetime import date

NEAR_DAYS = 6
"""Days ahead a weekday alone names: a week ahead, the same weekday would name two days."""


def day_words(day: date, today: date) -> str:
    """`Fri` from today to six days ahead; `Fri 31 Dec` for a day further off or gone; `Fri 31 Dec 9999` in
    another year than `today`'s."""
    return f"{day:%a}" if 0 <= (day - today).days <= NEAR_DAYS else date_words(day, today)


def date_words(day: date, today: date) -> str:
    """`Fri 31 Dec`, with the year when it is not `today`'s (`Fri 31 Dec 9999`): a day always said with its date."""
    said = f"{day:%a} {day.day} {day:%b}"
    return said if day.year == today.year else f"{said} {day.year}"
