"""The command line for routing, intake, days away and chains, run in-process with click's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import GOOD_VALUES, dump, own_database, run, write_relay
from test_chains import CHAINED, ONWARD

from baton.core.config import Config, load_config, save_config
from baton.core.home import Home
from baton.core.members import member, set_profile
from baton.core.replica import Replica
from baton.core.store import Store


class Baton:
    """One home; `as_user` rewrites its config as that person's device would have it."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.home = Home(root)
        Replica.init(self.home, "ana", tz="Europe/Berlin").close()
        write_relay(self.home.templates, CHAINED)
        write_relay(self.home.templates, ONWARD, "onward.toml")
        self.ids: dict[str, str] = {"ana": load_config(self.home).replica_id}

    def __call__(self, *args: str, user: str = "ana", role: str = "member", input: str | None = None):
        config = load_config(self.home)
        replica_id = self.ids.setdefault(user, f"{len(self.ids) + 1:02d}" * 8)
        save_config(self.home, Config(**{**config.as_dict(), "user": user, "role": role, "replica_id": replica_id}))
        own_database(self.home, replica_id)  # one database several people use in turn: each one's in their turn
        return run(*args, home=self.root, input=input)

    def store(self) -> Store:
        return Store(self.home.database)


@pytest.fixture
def baton(tmp_path) -> Baton:
    b = Baton(tmp_path / "home")
    store = b.store()
    set_profile(store, "ben", stages=["beta"], hours="mon-sun 00:00-24:00")
    set_profile(store, "cal", stages=["beta", "gamma"], hours="mon-fri 09:00-09:01")
    store.close()
    return b


def test_new_without_to_routes_to_the_stage_and_says_why(baton: Baton) -> None:
    result = baton("new", "relay", "--title", "Acme rollout")
    assert result.returncode == 0, result.stderr
    handoff = result.stdout.strip()
    assert "routed to ben: in working hours, 0 waiting" in result.stderr
    shown = baton("show", handoff, "--json")
    data = json.loads(shown.stdout)
    assert data["receiver"] == "ben"
    assert data["route"] == {
        "stage": "beta",
        "rule": "working-hours",
        "reason": "in working hours, 0 waiting",
        "to": "ben",
    }
    assert "routed to ben: in working hours" in baton("show", handoff).stdout
    assert baton("new", "relay", "--title", "To gamma", "--to", "@gamma").stderr.startswith("routed to cal")


def test_an_unknown_stage_is_one_line_exit_4_nothing_written(baton: Baton) -> None:
    before = dump(baton.root)
    result = baton("new", "relay", "--title", "Nobody there", "--to", "@delta")
    assert result.returncode == 4
    assert result.stderr.count("\n") == 1
    assert "there is no stage called delta (known stages: " in result.stderr
    assert "names no stage" in baton("new", "relay", "--title", "Nowhere", "--to", "@").stderr
    assert dump(baton.root) == before


def test_to_user_still_names_someone(baton: Baton) -> None:
    result = baton("new", "relay", "--title", "Direct", "--to", "lea")
    assert result.returncode == 0
    assert json.loads(baton("show", result.stdout.strip(), "--json").stdout)["receiver"] == "lea"


def test_set_values_from_the_start(baton: Baton) -> None:
    sets = [f"--set={k}={'yes' if v is None else v}" for k, v in GOOD_VALUES.items()]
    result = baton("new", "relay", "--title", "Prefilled", "--to", "ben", *sets)
    assert result.returncode == 0, result.stderr
    assert baton("send", result.stdout.strip()).returncode == 0


def test_every_invalid_value_listed_at_once_nothing_created(baton: Baton) -> None:
    before = dump(baton.root)
    result = baton(
        "new", "relay", "--title", "x", "--to", "ben", "--set", "seats=many", "--set", "kickoff=soon", "--set", "nope=1"
    )
    assert result.returncode == 1
    line = result.stderr
    assert line.startswith("baton: nothing created, 4 problems:")
    for part in ("title", "`seats`", "`kickoff`", "no item `nope`"):
        assert part in line
    assert dump(baton.root) == before


def test_from_json_on_stdin_and_in_a_file(baton: Baton, tmp_path: Path) -> None:
    request = {"template": "relay", "title": "Deal won: Acme", "to": "ben", "due": "2030-12-24", "values": GOOD_VALUES}
    request["values"] = {**GOOD_VALUES, "signed": True, "seats": 40}
    result = baton("new", "--from-json", "-", input=json.dumps(request))
    assert result.returncode == 0, result.stderr
    data = json.loads(baton("show", result.stdout.strip(), "--json").stdout)
    assert (data["title"], data["due"], data["progress"]["done"]) == ("Deal won: Acme", "2030-12-24", 7)
    path = tmp_path / "deal.json"
    path.write_text(json.dumps({"template": "relay", "title": "From a file", "values": {"plan": "growth"}}))
    assert baton("new", "--from-json", str(path), "--to", "cal").returncode == 0
    before = dump(baton.root)
    bad = baton("new", "--from-json", "-", input=json.dumps({"title": 5, "colour": "red", "template": "relay"}))
    assert bad.returncode == 1 and "unknown field `colour`" in bad.stderr and "`title` must be a string" in bad.stderr
    assert baton("new", "--from-json", "-", input="{not json").returncode == 1
    assert dump(baton.root) == before


def test_accept_opens_the_next_draft_and_prints_its_id(baton: Baton) -> None:
    handoff = baton(
        "new",
        "relay",
        "--title",
        "Acme rollout",
        "--to",
        "ben",
        *[f"--set={k}={v or 'yes'}" for k, v in GOOD_VALUES.items()],
    ).stdout.strip()
    assert baton("send", handoff).returncode == 0
    result = baton("accept", handoff, user="ben")
    assert result.returncode == 0, result.stderr
    line = result.stdout.splitlines()[-1]
    assert line.startswith("Opened the next handoff: ") and "onward to cal" in line and "2 values carried" in line
    draft = line.split(": ")[1].split(" ")[0]
    shown = baton("show", draft, user="ben").stdout
    assert f"opened from {handoff[:8]}" in shown
    assert "from Acme rollout, alpha → beta, set by ana on" in shown
    row = next(line for line in shown.splitlines() if "project:" in line)
    assert "= ACM-42   (carried: ana, " in row and "(ben," not in row
    assert f"next: {draft[:8]}" in baton("show", handoff, user="ben").stdout
    again = baton("next", handoff, user="ben")
    assert again.returncode == 0 and again.stdout.startswith(f"Already open: {draft}")
    told = baton("next", handoff, user="ana")  # a teammate is shown the draft the receiver opened, not refused
    assert told.returncode == 0 and told.stdout.startswith(f"Already open: {draft}")
    brief = baton("brief", draft, user="ben").stdout
    assert f"- Opened from `{handoff}` Acme rollout (alpha → beta, accepted)" in brief
    # ana gave the answer on the handoff before; ben only opened the draft it was carried into
    assert "`project`, text, required): ACM-42 — carried from Acme rollout, alpha → beta, set by ana on" in brief
    assert "set by ben" not in brief
    assert "## Chain" in baton("brief", handoff, user="ben").stdout


def test_away_for_yourself_and_by_a_lead(baton: Baton) -> None:
    result = baton("away", "--from", "2096-12-21", "--to", "2097-01-04", "--reason", "winter break", user="ben")
    assert result.returncode == 0 and "ben is away 2096-12-21 to 2097-01-04 (15 days)" in result.stdout
    store = baton.store()
    found = member(store, "ben")
    store.close()
    assert found is not None and found.away[0].reason == "winter break"
    assert baton("away", "--user", "cal", "--from", "2096-12-01", "--to", "2096-12-02", user="ben").returncode == 5
    assert (
        baton("away", "--user", "cal", "--from", "2096-12-01", "--to", "2096-12-02", user="lea", role="lead").returncode
        == 0
    )
    assert baton("away", "--from", "2096-12-03", "--to", "2096-12-01").returncode == 1
    assert baton("away", "--from", "soon", "--to", "2096-12-01").returncode == 1


def test_stage_shows_the_pick_and_a_lead_changes_the_rule(baton: Baton) -> None:
    shown = baton("stage", "beta")
    assert (
        shown.returncode == 0 and "beta: routes by working-hours" in shown.stdout and "now: routed to" in shown.stdout
    )
    assert baton("stage", "beta", "--rule", "least-loaded").returncode == 5
    assert baton("stage", "beta", "--rule", "owner", "--owner", "cal", user="lea", role="lead").returncode == 0
    assert "routes by owner (cal)" in baton("stage", "beta").stdout
    result = baton("new", "relay", "--title", "Triage me")
    assert "routed to cal: triage owner of beta" in result.stderr


def test_stage_of_a_name_nobody_knows_is_not_found_and_prints_nothing_else(baton: Baton) -> None:
    """`baton stage bta` (a typo) printed "bta: routes by working-hours" and exited 0, the typo only told
    on the last line; now it is one line, exit 4, with the stages there are. A lead may still give a rule
    to a stage nobody has yet."""
    typo = baton("stage", "bta")
    assert typo.returncode == 4 and typo.stdout == ""
    said = typo.stderr.strip()
    assert said.startswith("baton: there is no stage called bta (known stages: ") and "beta" in said
    ruled = baton("stage", "delta", "--rule", "least-loaded", user="lea", role="lead")
    assert ruled.returncode == 0, ruled.stderr
    assert ruled.stdout.splitlines() == ["delta: routes by least-loaded", "now: nobody receives for it yet"]


def test_with_nobody_for_the_next_stage_next_names_the_receiver_itself(baton: Baton) -> None:
    store = baton.store()
    set_profile(store, "cal", stages=["beta"], hours="mon-fri 09:00-09:01")  # nobody receives for gamma now
    store.close()
    values = [f"--set={k}={v or 'yes'}" for k, v in GOOD_VALUES.items()]
    handoff = baton("new", "relay", "--title", "Acme rollout", "--to", "ben", *values).stdout.strip()
    assert baton("send", handoff).returncode == 0
    accepted = baton("accept", handoff, user="ben")
    assert accepted.returncode == 0, accepted.stderr
    assert "nobody can receive for the gamma stage" in accepted.stderr
    assert accepted.stderr.rstrip().endswith(
        f"(a lead adds one with `baton team set USER --stage gamma`, or name the receiver yourself: `baton next {handoff} --to USER`)"
    )
    assert accepted.stderr.count("(") == 2  # the stage's fix and the command, in one parenthesis
    refused = baton("next", handoff, "--to", "ben", user="ben")  # ben would hand it to himself
    assert refused.returncode == 1 and "the receiver must be someone else" in refused.stderr
    opened = baton("next", handoff, "--to", "cal", user="ben")
    assert (
        opened.returncode == 0
        and opened.stdout.startswith("Opened the next handoff: ")
        and "onward to cal" in opened.stdout
    )
