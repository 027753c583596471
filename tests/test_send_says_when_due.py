"""`baton send` says when the answer is due, in the sender's time and the receiver's, and warns when the
receiver's days away begin before then (one away today was told already; one away from tomorrow was not)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from conftest import GOOD_VALUES
from test_cli_routing import Baton, baton  # noqa: F401  (the fixture)


def _ready(baton: Baton, title: str) -> str:  # noqa: F811
    sets = [f"--set={k}={v or 'yes'}" for k, v in GOOD_VALUES.items()]
    made = baton("new", "relay", "--title", title, "--to", "ben", *sets)
    assert made.returncode == 0, made.stderr
    return made.stdout.strip()


def test_send_says_when_the_answer_is_due(baton: Baton) -> None:  # noqa: F811
    sent = baton("send", _ready(baton, "Acme rollout"))
    assert sent.returncode == 0, sent.stderr
    lines = sent.stdout.splitlines()
    assert lines[0].startswith("Sent to ben.")
    assert lines[1].startswith("Answer by ") and lines[1].endswith(" your time (24h).")
    assert sent.stderr == ""


def test_days_away_that_begin_before_the_answer_is_due_are_said(baton: Baton) -> None:  # noqa: F811
    tomorrow = datetime.now(UTC).date() + timedelta(days=1)
    later = tomorrow + timedelta(days=1)
    away = baton(
        "away", "--from", tomorrow.isoformat(), "--to", later.isoformat(), "--reason", "conference", user="ben"
    )
    assert away.returncode == 0, away.stderr
    sent = baton("send", _ready(baton, "Acme rollout"))
    assert sent.returncode == 0, sent.stderr
    start, end = (f"{d:%a} {d.day} {d:%b}" for d in (tomorrow, later))
    assert sent.stderr == f"note: ben is away from {start} to {end} (conference), before the answer is due\n"


def test_days_away_after_the_answer_is_due_are_not_said(baton: Baton) -> None:  # noqa: F811
    start = datetime.now(UTC).date() + timedelta(days=3)
    assert (
        baton(
            "away", "--from", start.isoformat(), "--to", (start + timedelta(days=1)).isoformat(), user="ben"
        ).returncode
        == 0
    )
    sent = baton("send", _ready(baton, "Acme rollout"))
    assert sent.returncode == 0 and sent.stderr == ""
