"""Days away are typed as people say them, as a due date is: `baton away --from tomorrow --to fri`.

`--due` took `tomorrow`, `fri` and `2w` while `away` refused them as "not a date": the same person typed
the same words a minute apart and got two answers."""

from __future__ import annotations

from test_cli_routing import Baton, baton  # noqa: F401  (the fixture)

from baton.core.due_words import resolve_due
from baton.core.hlc import now_ms


def days(*words: str) -> set[tuple[str, ...]]:
    """The days the words name now in Berlin (the home's zone), and a moment later (a run across midnight)."""
    return {tuple(str(resolve_due(w, now_ms() + extra, "Europe/Berlin")) for w in words) for extra in (0, 60_000)}


def test_away_takes_day_words_in_the_persons_calendar(baton: Baton) -> None:  # noqa: F811
    expected = days("tomorrow", "2w")
    result = baton("away", "--from", "tomorrow", "--to", "2w", "--reason", "conference", user="ben")
    assert result.returncode == 0, result.stderr
    assert any(f"ben is away {first} to {last} (14 days): conference." in result.stdout for first, last in expected)


def test_a_word_that_names_no_day_is_refused_with_the_words_that_do(baton: Baton) -> None:  # noqa: F811
    result = baton("away", "--from", "someday", "--to", "fri", user="ben")
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.strip() == (
        "baton: 'someday' is not a day (use YYYY-MM-DD, today, tomorrow, a weekday (fri), 3d, 2w, in 3 days, next week, eow or eom)"
    )
