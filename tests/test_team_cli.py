"""`baton team`, `init --invite`, `init --role lead`, `templates publish`: in-process, through a real shared folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from baton.core.home import Home
from baton.core.replica import Replica
from baton.core.team import membership
from baton.core.team.invite import read_code
from baton.tui.cli import cli


class Team:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.shared = root / "shared"
        self.shared.mkdir()

    def __call__(self, user: str, *args: object) -> object:
        runner = CliRunner()
        home = self.root / user
        result = runner.invoke(cli, [str(a) for a in args], env={"BATON_HOME": str(home)}, catch_exceptions=False)
        return result

    def home(self, user: str) -> Path:
        return self.root / user

    def found(self, user: str = "ana") -> None:
        result = self(user, "init", "--user", user.split("-")[0], "--role", "lead", "--sync-dir", self.shared)
        assert result.exit_code == 0, result.stderr

    def invite(self, user: str, *extra: str, by: str = "ana") -> str:
        result = self(by, "team", "invite", user, *extra)
        assert result.exit_code == 0, result.stderr
        return result.stdout.strip().splitlines()[-1]

    def join(self, user: str, code: str, home: str | None = None) -> object:
        return self(home or user, "init", "--user", user, "--invite", code, "--sync-dir", self.shared)


@pytest.fixture
def crew(tmp_path) -> Team:
    crew = Team(tmp_path)
    crew.found()
    return crew


def test_found_invite_join_and_list(crew):
    code = crew.invite("ben", "--stage", "onboarding")
    assert code.startswith("baton1.")
    joined = crew.join("ben", code)
    assert joined.exit_code == 0, joined.stderr
    assert "Joined as member of the team, invited by ana, stages: onboarding" in joined.stdout
    assert crew("ana", "sync").exit_code == 0
    shown = json.loads(crew("ana", "team", "--json").stdout)
    assert shown["founder"] == "ana"
    members = {m["user"]: m for m in shown["members"]}
    assert members["ben"]["role"] == "member" and members["ben"]["stages"] == ["onboarding"]
    assert members["ben"]["added_by"] == "ana" and members["ben"]["added_at"]
    ben_key = membership.device_key(Home(crew.home("ben"))).fingerprint
    assert [d["fingerprint"] for d in members["ben"]["devices"]] == [ben_key]
    text = crew("ben", "team").stdout
    assert "ben" in text and ben_key in text and "added by ana" in text


def test_a_code_used_twice_is_refused_in_one_line_and_leaves_no_home(crew):
    code = crew.invite("ben")
    assert crew.join("ben", code).exit_code == 0
    again = crew.join("ben", code, home="ben-laptop")
    assert again.exit_code == 5
    assert again.stderr == "baton: the invitation was already used (by ben)\n"
    assert not crew.home("ben-laptop").exists()


def test_an_expired_code_is_refused(crew):
    code = crew.invite("ben", "--days", "0.00000001")
    result = crew.join("ben", code)
    assert result.exit_code == 5
    assert result.stderr.startswith("baton: this invitation expired on ")
    assert len(result.stderr.splitlines()) == 1 and not crew.home("ben").exists()


def test_a_code_for_another_user_is_refused(crew):
    code = crew.invite("ben")
    result = crew.join("cleo", code)
    assert (result.exit_code, result.stderr) == (5, "baton: this invitation is for ben, not cleo\n")


@pytest.mark.parametrize("code", ["hello", "baton1.bm90IGpzb24", "baton1." + "A" * 40])
def test_a_wrong_code_is_refused(crew, code):
    result = crew.join("ben", code)
    assert result.exit_code == 1
    assert result.stderr.startswith("baton: not an invitation code")
    assert not crew.home("ben").exists()


def test_an_altered_code_is_refused(crew):
    code = crew.invite("ben")
    invite = read_code(code)
    from dataclasses import replace

    forged = replace(invite, role="lead").code()
    result = crew.join("ben", forged)
    assert result.stderr == "baton: this invitation code is damaged or was altered: its signature does not match\n"


def test_a_code_made_by_a_member_is_refused_everywhere(crew):
    assert crew.join("ben", crew.invite("ben")).exit_code == 0
    crew("ana", "sync")
    refused = crew("ben", "team", "invite", "cleo")
    assert (refused.exit_code, refused.stderr) == (5, "baton: only a lead can invite someone to the team\n")
    # Ben signs an invitation himself, with his enrolled key (a tampered baton would).
    ben = Replica.open(Home(crew.home("ben")))
    roster = ben.store.roster()
    from baton.core.team.invite import Invite

    key = membership.device_key(ben.home)
    made = Invite(
        team=roster.team,
        founder=roster.founder_key,
        id="c" * 16,
        user="cleo",
        role="lead",
        stages=(),
        by="ben",
        key=key.public,
        hlc=ben.clock.tick(),
        expires=ben.wall() + 3_600_000,
    ).signed(key)
    ben.close()
    result = crew.join("cleo", made.code())
    assert (result.exit_code, result.stderr) == (5, "baton: the invitation was made by ben, who was not a lead then\n")


def test_lead_only_commands_refuse_a_member(crew):
    assert crew.join("ben", crew.invite("ben")).exit_code == 0
    for args in (("team", "set", "ben", "--role", "lead"), ("team", "remove", "ana")):
        result = crew("ben", *args)
        assert result.exit_code == 5, args
        assert result.stderr.startswith("baton: only a lead") and len(result.stderr.splitlines()) == 1


def test_a_second_founding_in_a_folder_with_a_team_is_refused(crew):
    result = crew("mallory", "init", "--user", "mallory", "--role", "lead", "--sync-dir", crew.shared)
    assert result.exit_code == 5
    assert "already has a team (founded by ana" in result.stderr
    assert not crew.home("mallory").exists()


def test_a_home_without_an_invitation_works_alone_but_the_team_ignores_it(crew):
    assert crew.join("ben", crew.invite("ben")).exit_code == 0
    fake = crew("fake-ana", "init", "--user", "ana", "--sync-dir", crew.shared)
    assert fake.exit_code == 0 and "note: this folder has a team" in fake.stderr
    handoff = crew("fake-ana", "new", "sales-to-onboarding", "--title", "Fake work", "--to", "ben").stdout.strip()
    assert len(handoff) == 32
    own = crew("fake-ana", "sync")
    assert "this device is not on the team" in own.stdout
    seen = crew("ben", "sync")
    lines = [line for line in seen.stdout.splitlines() if "a device claiming to be ana is not on the team" in line]
    fake_replica = json.loads((crew.home("fake-ana") / "config.json").read_text())["replica_id"]
    assert len(lines) == 1 and f"replicas/{fake_replica}" in lines[0]
    shown = crew("ben", "list", "--all", "--json")
    assert json.loads(shown.stdout) == []
    again = crew("fake-ana", "new", "sales-to-onboarding", "--title", "More fake work", "--to", "ben")
    assert again.exit_code == 5 and "a device claiming to be ana is not on the team" in again.stderr


def test_set_hours_away_and_remove(crew):
    assert crew.join("ben", crew.invite("ben")).exit_code == 0
    crew("ben", "sync")
    crew("ana", "sync")
    out = crew(
        "ben", "team", "set", "ben", "--hours", "mon-fri 09:00-17:00", "--holidays", "DE", "--tz", "Europe/Berlin"
    )
    assert out.exit_code == 0, out.stderr
    assert crew("ben", "team", "away", "ben", "--from", "2030-12-24", "--to", "2030-12-31").exit_code == 0
    crew("ben", "sync")
    crew("ana", "sync")
    member = {m["user"]: m for m in json.loads(crew("ana", "team", "--json").stdout)["members"]}["ben"]
    assert member["hours"] == "mon-fri 09:00-17:00" and member["holidays"] == "DE"
    assert member["away"] == [{"from": "2030-12-24", "to": "2030-12-31", "reason": ""}]
    assert crew("ana", "team", "set", "ben", "--role", "lead").exit_code == 0
    assert json.loads(crew("ana", "teammates", "--json").stdout)[1]["role"] == "lead"
    removed = crew("ana", "team", "remove", "ben")
    assert removed.exit_code == 0 and "kept but not applied" in removed.stdout
    assert [m["user"] for m in json.loads(crew("ana", "team", "--json").stdout)["members"]] == ["ana"]


def test_publishing_a_checklist_makes_it_known(crew, tmp_path):
    from importlib import resources

    assert crew.join("ben", crew.invite("ben")).exit_code == 0
    text = resources.files("baton.checklists").joinpath("task-reassignment.toml").read_text()
    own = text.replace('id = "task-reassignment"', 'id = "our-reassignment"', 1)
    path = tmp_path / "ours.toml"
    path.write_text(own)
    refused = crew("ben", "templates", "publish", path)
    assert (refused.exit_code, refused.stderr) == (5, "baton: only a lead can publish a checklist\n")
    published = crew("ana", "templates", "publish", path)
    assert published.exit_code == 0 and "Published our-reassignment v1" in published.stdout
    # publishing approves it; starting handoffs on it needs the file in a home's checklists folder
    assert published.stderr == (
        "note: handoffs start on it from a home whose checklists folder holds the file (not yet yours either: "
        f"copy it to {crew.home('ana') / 'checklists' / 'ours.toml'}); each teammate copies it into theirs\n"
    )
    (crew.home("ana") / "checklists").mkdir(exist_ok=True)
    (crew.home("ana") / "checklists" / "ours.toml").write_text(own)
    again = crew("ana", "templates", "publish", path)
    assert again.stderr.startswith("note: handoffs start on it from a home whose checklists folder holds the file;")


@pytest.mark.parametrize("extra", [("--role", "lead"), ("--stage", "beta"), ("--role", "member")])
def test_a_device_invitation_refuses_a_role_or_stages_it_would_drop(crew, extra):
    """`team invite ben --device --role lead` made a device code and said nothing: the lead thought ben promoted."""
    assert crew.join("ben", crew.invite("ben")).exit_code == 0
    before = crew("ana", "team", "--json").stdout
    refused = crew("ana", "team", "invite", "ben", "--device", *extra)
    assert refused.exit_code == 2 and "--role and --stage go with inviting a person" in refused.stderr
    assert crew("ana", "team", "--json").stdout == before


def test_a_second_device_of_ones_own_joins_with_a_device_code(crew):
    assert crew.join("ben", crew.invite("ben")).exit_code == 0
    crew("ben", "sync")
    refused = crew("ben", "team", "invite", "cleo", "--device")
    assert (refused.exit_code, refused.stderr) == (5, "baton: only a lead can invite a device for someone else\n")
    made = crew("ben", "team", "invite", "--device")
    assert made.exit_code == 0, made.stderr
    code = made.stdout.strip().splitlines()[-1]
    joined = crew.join("ben", code, home="ben-laptop")
    assert joined.exit_code == 0, joined.stderr
    assert "Joined as a second device of the team" in joined.stdout
    handoff = crew("ben-laptop", "new", "sales-to-onboarding", "--title", "From the laptop", "--to", "ana")
    assert handoff.exit_code == 0, handoff.stderr
    crew("ben-laptop", "sync")
    crew("ana", "sync")
    members = {m["user"]: m for m in json.loads(crew("ana", "team", "--json").stdout)["members"]}
    assert len(members["ben"]["devices"]) == 2
    titles = [row["title"] for row in json.loads(crew("ana", "list", "--all", "--json").stdout)]
    assert titles == ["From the laptop"]


def test_a_damaged_device_key_is_said_in_one_line(crew):
    (crew.home("ana") / "device.key").write_text("not a key\n")
    result = crew("ana", "team", "invite", "ben")
    assert result.exit_code == 1
    assert result.stderr.startswith("baton: the device key ") and "damaged" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_an_unapproved_checklist_is_shown_everywhere_until_a_lead_publishes_it(crew, tmp_path):
    from importlib import resources

    assert crew.join("ben", crew.invite("ben")).exit_code == 0
    crew("ben", "sync")
    crew("ana", "sync")
    text = resources.files("baton.checklists").joinpath("sales-to-onboarding.toml").read_text()
    lax = text.replace("required = true", "required = false")
    (crew.home("ben") / "checklists").mkdir(exist_ok=True)
    (crew.home("ben") / "checklists" / "sales-to-onboarding.toml").write_text(lax)
    made = crew("ben", "new", "sales-to-onboarding", "--title", "Empty handoff", "--to", "ana")
    handoff = made.stdout.strip()
    assert made.exit_code == 0 and made.stderr.startswith("note: unapproved checklist: sales-to-onboarding v")
    assert "until a lead publishes it (baton templates publish " in made.stderr
    assert made.stderr.rstrip().endswith("checklists/sales-to-onboarding.toml)")
    built_in = crew("ben", "new", "onboarding-to-delivery", "--title", "Known checklist", "--to", "ana")
    assert built_in.exit_code == 0 and "unapproved" not in built_in.stderr
    sent = crew("ben", "send", handoff)
    assert sent.exit_code == 5 and sent.stderr.startswith("baton: unapproved checklist: sales-to-onboarding v")
    crew("ben", "sync")
    crew("ana", "sync")
    for user in ("ana", "ben"):
        listed = crew(user, "list", "--all")
        assert "⚠ unapproved checklist" in listed.stdout
        row = next(r for r in json.loads(crew(user, "list", "--all", "--json").stdout) if r["id"] == handoff)
        assert row["unapproved_checklist"].startswith("unapproved checklist: sales-to-onboarding v")
        shown = crew(user, "show", handoff)
        assert "unapproved checklist" in shown.stdout and "required items made optional" in shown.stdout
        assert json.loads(crew(user, "show", handoff, "--json").stdout)["unapproved_checklist"]
    path = tmp_path / "lax.toml"
    path.write_text(lax)
    assert crew("ana", "templates", "publish", path).exit_code == 0
    crew("ana", "sync")
    crew("ben", "sync")
    assert json.loads(crew("ben", "show", handoff, "--json").stdout)["unapproved_checklist"] is None
    assert crew("ben", "send", handoff).exit_code == 0


def test_a_member_who_lost_his_device_key_is_given_a_new_device_by_a_lead(crew):
    assert crew.join("ben", crew.invite("ben")).exit_code == 0
    crew("ben", "sync")
    crew("ana", "sync")
    old = membership.device_key(Home(crew.home("ben"))).fingerprint
    (crew.home("ben") / "device.key").unlink()  # the laptop is gone, and its key with it
    unknown = crew("ana", "team", "invite", "cleo", "--device")
    assert (unknown.exit_code, unknown.stderr) == (
        4,
        "baton: cleo is not on the team: invite them with `baton team invite cleo`\n",
    )
    again = crew("ana", "team", "invite", "ben")  # a plain invitation still refuses him: he is on the team
    assert again.exit_code == 1 and "already on the team" in again.stderr
    made = crew("ana", "team", "invite", "ben", "--device")
    assert made.exit_code == 0, made.stderr
    assert "a new device of ben" in made.stdout
    joined = crew.join("ben", made.stdout.strip().splitlines()[-1], home="ben-new")
    assert joined.exit_code == 0, joined.stderr
    new = membership.device_key(Home(crew.home("ben-new"))).fingerprint
    assert f"This device: {new}" in joined.stdout and new != old
    handoff = crew("ben-new", "new", "sales-to-onboarding", "--title", "From the new laptop", "--to", "ana")
    assert handoff.exit_code == 0, handoff.stderr
    assert crew("ben-new", "sync").exit_code == 0
    synced = crew("ana", "sync")
    assert synced.exit_code == 0 and "not on the team" not in synced.stdout + synced.stderr
    members = {m["user"]: m for m in json.loads(crew("ana", "team", "--json").stdout)["members"]}
    assert members["ben"]["role"] == "member"
    assert new in [d["fingerprint"] for d in members["ben"]["devices"]]
    titles = [row["title"] for row in json.loads(crew("ana", "list", "--all", "--json").stdout)]
    assert titles == ["From the new laptop"]


def test_a_handoff_given_to_someone_not_on_the_team_says_so(crew):
    """`new --to` and `reassign --to` a user name the roster does not know: a note, not silence (and a near-miss
    of a teammate's name is refused as a typo unless --new-teammate says it is meant: test_receiver_typos.py)."""
    code = crew.invite("ben")
    assert crew.join("ben", code).exit_code == 0
    assert crew("ana", "sync").exit_code == 0
    typo = crew("ana", "new", "sales-to-onboarding", "--title", "Acme rollout", "--to", "bne")
    assert typo.exit_code == 4 and "did you mean ben?" in typo.stderr
    made = crew("ana", "new", "sales-to-onboarding", "--title", "Acme rollout", "--to", "bne", "--new-teammate")
    assert made.exit_code == 0
    assert "note: bne is not on the team" in made.stderr
    handoff = made.stdout.strip()
    stray = crew("ana", "reassign", handoff, "--to", "zed")  # nobody invited zed: a typo more often than not
    assert stray.exit_code == 4 and "zed is not on the team and nobody has invited them" in stray.stderr
    assert "pass --new-teammate" in stray.stderr and "baton team invite zed" in stray.stderr
    moved = crew("ana", "reassign", handoff, "--to", "zed", "--new-teammate")
    assert moved.exit_code == 0 and "note: zed is not on the team" in moved.stderr
    crew.invite("cal")  # invited: expected to join, taken with the note
    invited = crew("ana", "reassign", handoff, "--to", "cal")
    assert invited.exit_code == 0 and "note: cal is not on the team" in invited.stderr
    back = crew("ana", "reassign", handoff, "--to", "ana")
    assert back.exit_code == 0 and back.stderr == ""


def test_an_invitation_made_while_the_folder_is_out_of_reach_says_it_goes_out_later(crew):
    """A newcomer's join counts once the invitation's record is in the folder: a lead must know it is not yet."""
    crew.shared.rename(crew.root / "unmounted")
    result = crew("ana", "team", "invite", "ben", "--stage", "sales")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].startswith("baton1.")
    assert result.stderr == (
        f"note: {crew.shared}: the shared folder does not exist (is the drive or share mounted?); "
        "the change goes out with the next `baton sync`\n"
    )
    (crew.root / "unmounted").rename(crew.shared)
    assert crew("ana", "sync").exit_code == 0  # the record goes out now
    assert crew.join("ben", result.stdout.strip().splitlines()[-1]).exit_code == 0
    assert crew("ana", "sync").exit_code == 0
    members = {m["user"]: m for m in json.loads(crew("ana", "team", "--json").stdout)["members"]}
    assert members["ben"]["stages"] == ["sales"]
