"""`baton report`, `remind`, `brief` and `export` on the demo
workspace (the viewer, maya, is a lead); bad input gets one line and changes nothing.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import dump, run


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("demo") / "home"
    result = run("demo", home=root)
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture
def own_demo(demo, tmp_path) -> Path:
    """A copy of the demo this test may change."""
    root = tmp_path / "home"
    shutil.copytree(demo, root)
    return root


def ids_by_title(home: Path) -> dict[str, str]:
    listed = run("list", "--all", "--json", home=home)
    return {h["title"].split(" — ")[0]: h["id"] for h in json.loads(listed.stdout)}


def test_report_text_names_every_indicator(demo):
    result = run("report", home=demo)
    assert result.returncode == 0, result.stderr
    for heading in (
        "Open handoffs",
        "Speed and rework",
        "Why work bounces back",
        "Acceptance windows missed",
        "Items that block sends most often",
        "Items most often waived",
        "No clear next owner",
        "Sync conflicts not settled",
    ):
        assert heading in result.stdout
    assert "who signs the order?" in result.stdout
    assert "(Europe/London)" in result.stdout
    assert result.stderr == ""


def test_report_json_figures(demo):
    result = run("report", "--json", home=demo)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["total"]["open"] == {"draft": 2, "sent": 3, "returned": 1}
    assert data["total"]["returns"] == 2 and data["total"]["answers"] == 4
    assert data["total"]["return_rate"] == 0.5
    assert data["breaches_by_receiver"] == {
        "maya": {"waiting": 1, "answered_late": 0},
        "priya": {"waiting": 1, "answered_late": 0},
    }
    assert all(b["sent_at"].endswith("Z") for b in data["breaches"])
    assert [i["item_id"] for i in data["waived_items"]] == ["customer-told"]
    assert len(data["returns_by_week"]) == 12
    maya = next(p for p in data["people"] if p["key"] == "maya")
    assert maya["open"]["sent"] == 2 and maya["breaches"] == 1


def test_report_for_one_transition_and_since(demo):
    one = json.loads(run("report", "--json", "--transition", "support-to-delivery", home=demo).stdout)
    assert [t["key"] for t in one["transitions"]] == ["support → delivery"]
    assert one["total"]["breaches"] == 2
    arrow = json.loads(run("report", "--json", "--transition", "support->delivery", home=demo).stdout)
    assert arrow["total"] == one["total"]
    recent = json.loads(run("report", "--json", "--since", "1d", home=demo).stdout)
    assert recent["total"]["answers"] == 0 and recent["total"]["open_total"] == 6


def test_report_bad_input_is_one_line(demo):
    before = dump(demo)
    for args, code, words in (
        (["--transition", "nowhere"], 4, "no handoffs for transition 'nowhere'"),
        (["--since", "last tuesday"], 2, "is not a date"),
        (["--limit", "0"], 2, ""),
    ):
        result = run("report", *args, home=demo)
        assert result.returncode == code, result.stderr
        assert words in result.stderr and "Traceback" not in result.stderr
        if code != 2:
            assert len(result.stderr.strip().splitlines()) == 1
    assert dump(demo) == before


def test_remind_lists_what_waits_on_each_person_oldest_first(demo):
    result = run("remind", home=demo)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    maya = lines.index(next(line for line in lines if line.startswith("maya")))
    assert "3 waiting, 1 past the acceptance window" in lines[maya]
    mine = lines[maya + 1 : maya + 4]
    assert mine[0].lstrip().startswith("!") and "Orchid Bank — SSO" in mine[0]
    assert "Kestrel Foods" in mine[2] and "answer within" in mine[2]
    # its times are waits, `list`'s ages count from creation: the two differ for one handoff, and it says so
    assert lines[-1].startswith("(each time: how long it has waited for that step; `baton list` ages count from")
    only = run("remind", "--me", "--json", home=demo)
    data = json.loads(only.stdout)
    assert [q["owner"] for q in data] == ["maya"] and data[0]["breaches"] == 1
    ages = [w["waited_ms"] for w in data[0]["waiting"]]
    assert ages == sorted(ages, reverse=True)


def test_remind_and_report_announce_each_breach_once(own_demo):
    hooks = own_demo / "hooks"
    hooks.mkdir()
    (hooks / "on-breach").write_text(
        '#!/bin/sh\ncat >> "$BATON_HOME/alerts.jsonl"\necho >> "$BATON_HOME/alerts.jsonl"\n'
    )
    (hooks / "on-breach").chmod(0o755)
    assert run("remind", home=own_demo).returncode == 0
    alerts = [json.loads(line) for line in (own_demo / "alerts.jsonl").read_text().splitlines() if line]
    assert sorted(a["breach"]["receiver"] for a in alerts) == ["maya", "priya"]
    assert run("report", home=own_demo).returncode == 0
    assert run("remind", home=own_demo).returncode == 0
    assert len([line for line in (own_demo / "alerts.jsonl").read_text().splitlines() if line]) == 2


def test_a_failing_breach_hook_is_one_line_per_breach(own_demo):
    hooks = own_demo / "hooks"
    hooks.mkdir()
    (hooks / "on-breach").write_text("#!/bin/sh\necho 'smtp refused' >&2\nexit 3\n")
    (hooks / "on-breach").chmod(0o755)
    result = run("remind", home=own_demo)
    assert result.returncode == 0
    assert result.stderr.splitlines() == ["hook on-breach failed (exit 3): smtp refused"] * 2


def test_brief_prints_and_saves_markdown(own_demo):
    handoff = ids_by_title(own_demo)["Bluebird Health"]
    shown = run("brief", handoff[:8], home=own_demo)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith("# Handoff brief: Bluebird Health")
    assert "waived by maya" in shown.stdout and "Times** are in Europe/London" in shown.stdout
    target = own_demo / "brief.md"
    saved = run("brief", handoff, "--output", target, home=own_demo)
    assert saved.returncode == 0 and target.read_text() == shown.stdout
    missing = run("brief", "abcdef12", home=own_demo)
    assert missing.returncode == 4 and missing.stderr.startswith("baton: no handoff")
    nowhere = run("brief", handoff, "--output", own_demo / "no" / "such" / "dir.md", home=own_demo)
    assert nowhere.returncode == 1 and "does not exist" in nowhere.stderr


def test_export_csv_and_json_files(own_demo):
    target = own_demo / "items.csv"
    result = run("export", "--items", "--output", target, home=own_demo)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert len({r["id"] for r in rows}) == 9
    assert {r["item_kind"] for r in rows} >= {"check", "text", "date", "url", "number", "choice"}
    sent = json.loads(run("export", "--format", "json", "--status", "sent", home=own_demo).stdout)
    assert len(sent) == 3 and all(h["status"] == "sent" and h["answer_by"] for h in sent)
    bad = run("export", "--format", "xml", home=own_demo)
    assert bad.returncode == 2 and "xml" in bad.stderr


def test_commands_need_a_replica(tmp_path):
    for command in ("report", "remind", "export"):
        result = run(command, home=tmp_path / "empty")
        assert result.returncode == 1 and "baton init" in result.stderr


def test_report_and_remind_do_not_import_textual(demo):
    probe = (
        "import sys\nfrom baton.tui.cli import cli\n"
        "for args in (['report'], ['remind']):\n"
        "    try:\n        cli(args)\n    except SystemExit:\n        pass\n"
        "print('textual' in sys.modules)"
    )
    env = {**os.environ, "BATON_HOME": str(demo)}
    result = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=60)
    assert result.stdout.strip().splitlines()[-1] == "False", result.stderr


def test_remind_with_both_user_and_me_is_a_usage_error(tmp_path) -> None:
    """`--user ben --me` asked for two people: before, `--me` won silently and ben's queue never showed."""
    from cli_support import started
    from conftest import run

    started(tmp_path)
    result = run("remind", "--user", "ben", "--me", home=tmp_path)  # the entry point words usage errors
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.strip() == "baton: give --user USER or --me, not both (see `baton remind --help`)"
