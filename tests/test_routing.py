"""Routing to a stage: injected clocks across zones, weekends, holidays and days away; every rule; no candidate."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from baton.core.hours import Away, Member, WorkingHours
from baton.core.routing import NoCandidate, StageRule, route


def ms(text: str, tz: str = "UTC") -> int:
    return int(datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(tz)).timestamp() * 1000)


PRIYA = Member("priya", tz="Europe/Berlin", stages=("onboarding",), display_name="Priya")
BEN = Member("ben", tz="America/New_York", stages=("onboarding",))
KEMI = Member("kemi", tz="Australia/Sydney", stages=("onboarding",))
TEAM = [PRIYA, BEN, KEMI, Member("ana", tz="UTC", stages=("sales",))]


def test_in_working_hours_wins() -> None:
    # Monday 10:00 in Berlin: 04:00 in New York, 20:00 in Sydney.
    now = ms("2026-11-30 10:00", "Europe/Berlin")
    picked = route("onboarding", TEAM, {"priya": 5}, now)
    assert picked.user == "priya"
    assert picked.reason == "in working hours, 5 waiting"
    assert picked.line("Priya") == "routed to Priya: in working hours, 5 waiting"


def test_nobody_working_picks_the_soonest_to_start() -> None:
    # Saturday noon UTC: Sydney's Monday starts first (Sunday 22:00 UTC).
    now = ms("2026-11-28 12:00")
    picked = route("onboarding", TEAM, {}, now)
    assert picked.user == "kemi"
    assert picked.reason.startswith("starts soonest (Mon 09:00 their time)")


def test_fewest_waiting_then_handle_break_ties() -> None:
    now = ms("2026-11-30 15:00")  # 16:00 Berlin and 10:00 New York: both working
    assert route("onboarding", TEAM, {"priya": 3, "ben": 1}, now).user == "ben"
    assert route("onboarding", TEAM, {"priya": 1, "ben": 1}, now).user == "ben"
    assert route("onboarding", TEAM, {"priya": 0, "ben": 1}, now).user == "priya"


def test_days_away_and_holidays() -> None:
    now = ms("2026-12-25 10:00", "Europe/Berlin")  # Christmas, a Friday
    away = Member(
        "priya", tz="Europe/Berlin", stages=("onboarding",), away=(Away(date(2026, 12, 21), date(2027, 1, 4)),)
    )
    picked = route("onboarding", [away, BEN], {}, now)
    assert picked.user == "ben"
    holiday = Member("priya", tz="Europe/Berlin", stages=("onboarding",), holidays="DE")
    late_ben = Member(
        "ben", tz="America/New_York", stages=("onboarding",), hours=WorkingHours.parse("mon-fri 13:00-17:00")
    )
    # Priya keeps German holidays: not working on Christmas, her next start is Monday 28th.
    assert route("onboarding", [holiday, late_ben], {}, now).user == "ben"


def test_the_sender_is_never_picked() -> None:
    now = ms("2026-11-30 10:00", "Europe/Berlin")
    assert route("onboarding", TEAM, {}, now, sender="priya").user != "priya"


def test_least_loaded_and_round_robin_and_owner() -> None:
    now = ms("2026-11-30 10:00", "Europe/Berlin")
    loads = {"priya": 4, "ben": 2, "kemi": 2}
    assert route("onboarding", TEAM, loads, now, StageRule("least-loaded")).user == "ben"
    assert route("onboarding", TEAM, loads, now, StageRule("round-robin"), last="ben").user == "kemi"
    assert route("onboarding", TEAM, loads, now, StageRule("round-robin"), last="priya").user == "ben"
    assert route("onboarding", TEAM, loads, now, StageRule("round-robin")).user == "ben"
    owned = route("onboarding", TEAM, loads, now, StageRule("owner", "kemi"))
    assert (owned.user, owned.rule) == ("kemi", "owner")
    away_kemi = Member("kemi", stages=("onboarding",), away=(Away(date(2026, 11, 1), date(2026, 12, 31)),))
    fallback = route("onboarding", [PRIYA, BEN, away_kemi], loads, now, StageRule("owner", "kemi"))
    assert fallback.user == "priya"
    assert "triage owner kemi is away" in fallback.reason


def test_no_candidate_names_the_stage() -> None:
    with pytest.raises(NoCandidate, match="nobody can receive for the delivery stage"):
        route("delivery", TEAM, {}, ms("2026-11-30 10:00"))


@given(
    now=st.integers(ms("2026-01-01 00:00"), ms("2027-12-31 00:00")),
    loads=st.dictionaries(st.sampled_from(["priya", "ben", "kemi"]), st.integers(0, 9)),
    order=st.permutations(TEAM),
    rule=st.sampled_from(["working-hours", "least-loaded", "round-robin"]),
)
def test_the_same_inputs_in_any_order_give_the_same_route(now, loads, order, rule) -> None:
    """Every replica lists its teammates in its own order; the pick must not depend on it."""
    assert route("onboarding", order, loads, now, StageRule(rule), last="ben") == route(
        "onboarding", TEAM, loads, now, StageRule(rule), last="ben"
    )


def test_roster_members_become_members_and_bad_values_fall_back() -> None:
    from dataclasses import dataclass

    from baton.core.hours import DEFAULT_HOURS
    from baton.core.members import from_roster

    @dataclass
    class Entry:
        user: str
        name: str
        stages: tuple[str, ...] = ()
        hours: str | None = None
        holidays: str | None = None
        tz: str | None = None
        away: tuple[tuple[str, str], ...] = ()

    found = from_roster(
        [
            Entry(
                "priya",
                "Priya",
                ("onboarding",),
                "mon-thu 08:00-16:00",
                "DE-BE",
                "Europe/Berlin",
                (("2026-12-21", "2027-01-04"),),
            ),
            Entry("ben", "", ("onboarding",), "whenever", "XX", None, (("soon", "later"),)),
        ],
        {"ben": {"tz": "America/New_York", "display_name": "Ben Carter"}},
    )
    ben, priya = found
    assert (priya.hours.days, priya.holidays, priya.away[0].end) == (frozenset({0, 1, 2, 3}), "DE-BE", date(2027, 1, 4))
    assert (ben.tz, ben.name, ben.hours, ben.holidays, ben.away) == (
        "America/New_York",
        "Ben Carter",
        DEFAULT_HOURS,
        None,
        (),
    )
