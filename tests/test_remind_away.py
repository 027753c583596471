"""`baton remind` says who among those with something waiting is away today, so a lead does not chase them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from conftest import GOOD_VALUES
from test_cli_routing import Baton, baton  # noqa: F401  (the fixture)


def test_remind_says_who_is_away(baton: Baton) -> None:  # noqa: F811
    today = datetime.now(UTC).date()
    until = today + timedelta(days=1)
    assert (
        baton("away", "--from", today.isoformat(), "--to", until.isoformat(), "--reason", "flu", user="ben").returncode
        == 0
    )
    sets = [f"--set={k}={v or 'yes'}" for k, v in GOOD_VALUES.items()]
    handoff = baton("new", "relay", "--title", "Acme rollout", "--to", "ben", *sets).stdout.strip()
    assert baton("send", handoff).returncode == 0
    baton("new", "relay", "--title", "Draft of ana's", "--to", "cal")
    reminded = baton("remind", user="lea", role="lead")
    assert reminded.returncode == 0, reminded.stderr
    heads = [line for line in reminded.stdout.splitlines() if " waiting" in line]
    assert f"ben — 1 waiting; away until {until:%a} {until.day} {until:%b} (flu)" in heads
    assert "ana — 1 waiting" in heads  # nobody else is said to be away
