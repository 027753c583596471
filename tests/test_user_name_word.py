"""One word for a person's login-like name: "user name", in the README, the CLI's help, the app and its messages."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import run
from test_app_support import settle
from textual.widgets import Input, Label

from baton.core.home import Home
from baton.tui.app import BatonApp

ROOT = Path(__file__).resolve().parent.parent
OTHER_WORD = re.compile(r"\bhandles?\b", re.IGNORECASE)


def test_the_readme_says_user_name_not_handle():
    assert not OTHER_WORD.findall((ROOT / "README.md").read_text(encoding="utf-8"))


def test_the_help_of_init_and_new_says_user_name(tmp_path):
    for command in ("init", "new"):
        shown = run(command, "--help", home=tmp_path).stdout
        assert "user name" in " ".join(shown.split()), shown
        assert not OTHER_WORD.findall(shown), shown


async def test_the_first_run_label_and_its_refusal_use_the_same_word(tmp_path):
    app = BatonApp(None, Home(tmp_path / "home"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        labels = [str(label.render()) for label in app.screen.query(Label)]
        assert any(text.startswith("User name") for text in labels), labels
        assert not any(OTHER_WORD.search(text) for text in labels), labels
        app.screen.query_one("#user", Input).value = "Priya Raman"
        await pilot.click("#create")
        await settle(pilot)
        assert "invalid user name 'Priya Raman'" in str(app.screen.query_one(".error").render())
