"""The first-run screen joins a team with an invitation code, as `baton init --invite` does (sync/joining.py):
someone who only uses the app could make a replica but never get on the team.

A refusal (a garbage code, a code for another user name, no shared folder) is one line under the form with
the cursor in the field to fix, and nothing is made: no home, no shared folder."""

from __future__ import annotations

from test_app_support import FrozenClock, eventually, said, settle
from textual.widgets import Input, Select

from baton.core.config import load_config
from baton.core.home import Home
from baton.core.replica import Replica
from baton.core.team import membership
from baton.sync.founding import found_team
from baton.sync.run import sync_once
from baton.tui.app import BatonApp
from baton.tui.screens.first_run import FirstRunScreen
from baton.tui.screens.queues import QueuesScreen

SIZE = (80, 24)


def lead_with_invitation(tmp_path, user: str, role: str = "member") -> tuple[Replica, str]:
    """Ana founds the team in a real shared folder and invites `user`; her record is in the folder."""
    shared = tmp_path / "shared"
    shared.mkdir()
    ana = Replica.init(Home(tmp_path / "ana"), "ana", role="lead", tz="UTC", sync_dir=str(shared))
    found_team(ana)
    made = membership.invite(ana, user, role=role, stages=["beta"])
    assert not sync_once(ana).problems
    return ana, made.code()


def error_text(app) -> str:
    return str(app.screen.query_one(".error").render())


async def fill(pilot, app, user: str, code: str, folder: str) -> None:
    app.screen.query_one("#user", Input).value = user
    app.screen.query_one("#invite", Input).value = code
    app.screen.query_one("#sync-dir", Input).value = folder
    app.screen.query_one("#create").focus()
    await pilot.press("enter")
    await settle(pilot)


def in_folder(tmp_path) -> list:
    return sorted(str(p.relative_to(tmp_path / "shared")) for p in (tmp_path / "shared").rglob("*"))


async def test_a_good_code_joins_the_team_with_the_invitations_role(tmp_path):
    ana, code = lead_with_invitation(tmp_path, "priya", role="lead")
    home = Home(tmp_path / "priya")
    app = BatonApp(None, home, clock=FrozenClock())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert str(app.screen.query_one("#role", Select).value) == "member"  # the invitation names the role instead
        await fill(pilot, app, "priya", code, str(tmp_path / "shared"))
        await eventually(pilot, lambda: isinstance(app.screen, QueuesScreen))
        device = membership.device_key(home)
        await eventually(pilot, lambda: any("Joined as lead" in str(n.message) for n in said(app)))
        [joined] = [str(n.message) for n in said(app) if "Joined" in str(n.message)]
        assert joined == (
            f"Joined as lead of the team, invited by ana, stages: beta. This device: {device.fingerprint}"
        )
        assert app.replica.store.roster().device_user(device.public) == "priya"
    app.replica.close()
    assert load_config(home).role == "lead"
    assert not sync_once(ana).problems  # the join went out to the folder: the lead's roster has the device too
    assert ana.store.roster().device_user(device.public) == "priya"
    ana.close()


async def test_a_code_for_another_user_name_is_refused_and_nothing_is_made(tmp_path):
    ana, code = lead_with_invitation(tmp_path, "ben")
    before = in_folder(tmp_path)
    home = Home(tmp_path / "priya")
    app = BatonApp(None, home, clock=FrozenClock())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await fill(pilot, app, "priya", code, str(tmp_path / "shared"))
        await eventually(pilot, lambda: "✗" in error_text(app))
        assert error_text(app) == "✗ this invitation is for ben, not priya"
        assert isinstance(app.screen, FirstRunScreen)
        assert app.screen.focused is app.screen.query_one("#invite")
        app.screen.query_one("#user", Input).value = "ben"  # fixed in the other field it names: the refusal goes
        await settle(pilot)
        assert error_text(app) == ""
    assert not home.root.exists()
    assert in_folder(tmp_path) == before
    ana.close()


async def test_a_garbage_code_is_refused_in_one_line(tmp_path):
    ana, _ = lead_with_invitation(tmp_path, "priya")
    home = Home(tmp_path / "priya")
    app = BatonApp(None, home, clock=FrozenClock())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await fill(pilot, app, "priya", "hello there", str(tmp_path / "shared"))
        await eventually(pilot, lambda: "✗" in error_text(app))
        assert error_text(app) == "✗ not an invitation code (codes start with baton1.)"
        assert app.screen.focused is app.screen.query_one("#invite")
        app.screen.query_one("#user", Input).value = "ben"  # the code is wrong whatever the name: it stays
        await settle(pilot)
        assert error_text(app) == "✗ not an invitation code (codes start with baton1.)"
        app.screen.query_one("#invite", Input).value = "baton1."
        await settle(pilot)
        assert error_text(app) == ""
    assert not home.root.exists()
    ana.close()


async def test_a_code_without_a_shared_folder_is_refused_with_the_cursor_in_the_folder(tmp_path):
    ana, code = lead_with_invitation(tmp_path, "priya")
    home = Home(tmp_path / "priya")
    app = BatonApp(None, home, clock=FrozenClock())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await fill(pilot, app, "priya", code, "")
        await eventually(pilot, lambda: "✗" in error_text(app))
        assert "shared folder" in error_text(app)
        assert app.screen.focused is app.screen.query_one("#sync-dir")
    assert not home.root.exists()
    ana.close()


async def test_a_code_revoked_in_the_folder_is_refused_after_reading_it_and_the_new_home_goes_again(tmp_path):
    ana, code = lead_with_invitation(tmp_path, "priya")
    membership.revoke_invite(ana, code)
    assert not sync_once(ana).problems  # only the folder tells priya's new home the code no longer counts
    home = Home(tmp_path / "priya")
    app = BatonApp(None, home, clock=FrozenClock())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await fill(pilot, app, "priya", code, str(tmp_path / "shared"))
        await eventually(pilot, lambda: "✗" in error_text(app))
        assert "revoked" in error_text(app)
        assert "\n" not in error_text(app)
        assert app.screen.focused is app.screen.query_one("#invite")
        app.screen.query_one("#user", Input).value = "ben"  # a revoked code stays revoked whatever the name
        await settle(pilot)
        assert "revoked" in error_text(app)
        app.screen.query_one("#invite", Input).value = ""  # the code is where the fix is typed
        await settle(pilot)
        assert error_text(app) == ""
    assert not home.root.exists()
    ana.close()
