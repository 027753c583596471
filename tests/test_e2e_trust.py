"""Trust, end to end: several homes share one folder and act only through the real `baton` command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import Ran, run

from baton.core.team.checklists import builtin_checklists


@pytest.fixture(autouse=True)
def forget_builtin_checklists():
    """Each command here runs in this process: forget the built-ins it read, as a new process would."""
    yield
    builtin_checklists.cache_clear()


class Crew:
    """One home per person (BATON_HOME each), one shared folder, every step a `baton` command."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.shared = root / "shared"
        self.shared.mkdir()

    def __call__(self, home: str, *args: object) -> Ran:
        return run(*args, home=self.root / home)

    def ok(self, home: str, *args: object) -> str:
        result = self(home, *args)
        assert result.returncode == 0, (args, result.stderr)
        assert "Traceback" not in result.stderr
        return result.stdout

    def join(self, user: str, *extra: str) -> None:
        code = self.ok("lea", "team", "invite", user, *extra).strip().splitlines()[-1]
        self.ok(user, "init", "--user", user, "--invite", code, "--sync-dir", self.shared)


@pytest.fixture
def crew(tmp_path) -> Crew:
    crew = Crew(tmp_path)
    crew.ok("lea", "init", "--user", "lea", "--role", "lead", "--sync-dir", crew.shared, "--tz", "UTC")
    crew.join("ben", "--stage", "onboarding")
    crew.ok("lea", "sync")
    crew.ok("ben", "sync")
    return crew


def test_teammates_does_not_count_a_stranger_claiming_a_name_as_that_persons_device(crew):
    crew.ok("fake", "init", "--user", "lea", "--sync-dir", crew.shared)
    crew.ok("fake", "sync")
    crew.ok("ben", "sync")
    rows = {row["user"]: row for row in json.loads(crew.ok("ben", "teammates", "--json"))}
    assert rows["lea"]["devices"] == 1
    assert rows["lea"]["unconfirmed_devices"] == 1
    text = crew.ok("ben", "teammates")
    [lea] = [line for line in text.splitlines() if line.startswith("lea")]
    assert "2 devices" not in lea and "1 device not on the team" in lea


def test_a_device_not_on_the_team_can_read_its_own_fingerprint_for_the_lead_to_confirm(crew):
    crew.ok("cal", "init", "--user", "cal", "--sync-dir", crew.shared)
    crew.ok("cal", "sync")
    shown = crew.ok("cal", "team")
    [line] = [line for line in shown.splitlines() if line.startswith("This device:")]
    assert "not on the team" in line
    fingerprint = line.split()[2]
    own = json.loads(crew.ok("cal", "team", "--json"))["this_device"]
    assert own["fingerprint"] == fingerprint and own["on_team"] is False
    crew.ok("lea", "sync")
    crew.ok("lea", "team", "confirm", "cal", "--fingerprint", fingerprint)
    crew.ok("lea", "sync")
    crew.ok("cal", "sync")
    assert json.loads(crew.ok("cal", "team", "--json"))["this_device"]["on_team"] is True
    assert "not on the team" not in crew.ok("cal", "team").split("This device:")[1].splitlines()[0]


def test_a_member_whose_device_key_was_lost_is_told_that_the_team_no_longer_takes_his_work(crew):
    (crew.root / "ben" / "device.key").unlink()
    crew.ok("ben", "new", "sales-to-onboarding", "--title", "Written with a new key", "--to", "lea")
    said = crew.ok("ben", "sync")
    [line] = [line for line in said.splitlines() if "device's key" in line]
    assert "not the one the team enrolled for ben" in line and "nothing was written to the shared folder" in line
    crew.ok("lea", "sync")
    assert json.loads(crew.ok("lea", "list", "--all", "--json")) == []


def test_another_devices_key_in_a_home_never_rewrites_or_seals_its_segments(crew):
    """A backup of the wrong file restored: the home's own segments and replica.json stay as written, sealed by
    the key the team enrolled; the sync says so in one line, and writes what waited once the right key is back."""
    lea_key = (crew.root / "lea" / "device.key").read_bytes()
    folder = (
        crew.shared
        / "baton"
        / "v1"
        / "replicas"
        / json.loads((crew.root / "lea" / "config.json").read_text())["replica_id"]
    )
    before = {path.name: path.read_bytes() for path in folder.iterdir()}
    crew.ok("lea", "new", "sales-to-onboarding", "--title", "Written with ben's key", "--to", "ben")
    (crew.root / "lea" / "device.key").write_bytes((crew.root / "ben" / "device.key").read_bytes())
    said = crew.ok("lea", "sync")
    [line] = [line for line in said.splitlines() if "key" in line]
    assert line.startswith("problem: ") and "the key of ben's device" in line
    assert "is not the one the team enrolled for lea on this device" in line
    assert {path.name: path.read_bytes() for path in folder.iterdir()} == before
    crew.ok("ben", "sync")
    assert json.loads(crew.ok("ben", "list", "--all", "--json")) == []
    (crew.root / "lea" / "device.key").write_bytes(lea_key)
    assert "key" not in crew.ok("lea", "sync")
    crew.ok("ben", "sync")
    assert [row["title"] for row in json.loads(crew.ok("ben", "list", "--all", "--json"))] == ["Written with ben's key"]


@pytest.mark.parametrize("days", ["99999999", "inf", "nan", "0", "-3"])
def test_an_invitation_that_would_never_expire_is_refused_and_the_roster_still_shows(crew, days):
    before = crew.ok("lea", "team", "--json")
    refused = crew("lea", "team", "invite", "cal", "--days", days)
    assert refused.returncode == 1 and refused.stderr.startswith("baton: an invitation is valid for")
    assert len(refused.stderr.strip().splitlines()) == 1
    assert crew.ok("lea", "team", "--json") == before
    assert "cal" not in crew.ok("lea", "team")
