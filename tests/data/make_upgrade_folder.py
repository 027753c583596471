"""Build tests/data/upgrade-v1: two homes and their shared folder, written by baton before the roster existed.

Run with the release before teams on the import path (it must not know
`baton.core.team.roster`), e.g. a checkout of that commit linked as `baton`:
    PYTHONPATH=/path/to/old-baton-links python tests/data/make_upgrade_folder.py OUT
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

from baton.core.home import Home
from baton.core.replica import Replica
from baton.sync.run import sync_once

try:
    import baton.core.team.roster  # noqa: F401

    sys.exit("this must run with the baton from before the roster")
except ImportError:
    pass


class Wall:
    def __init__(self) -> None:
        self.now = 1_750_000_000_000  # June 2025

    def __call__(self) -> int:
        self.now += 60_000
        return self.now


def main(out: Path) -> None:
    shutil.rmtree(out, ignore_errors=True)
    shared = out / "shared"
    shared.mkdir(parents=True)
    wall = Wall()
    for user, role, tz in (("ana", "lead", "Europe/Berlin"), ("ben", "member", "Asia/Singapore")):
        Replica.init(Home(out / user), user, role=role, tz=tz, sync_dir=str(shared)).close()
    ana = Replica.open(Home(out / "ana"), wall=wall)
    ben = Replica.open(Home(out / "ben"), wall=wall)
    first = ben.create("sales-to-onboarding", "Acme onboarding", "ana")
    ben.set_item(first, "plan", "growth")
    second = ana.create("sales-to-onboarding", "Globex renewal", "ben")
    ana.comment(second, "Ben, the contract is in the shared drive.")
    for replica in (ben, ana):
        sync_once(replica, now=wall)
    ana.waive(first, "crm-record", "the old CRM has it, Ben can read it there")
    for replica in (ana, ben, ana):
        sync_once(replica, now=wall)
    for replica in (ana, ben):
        replica.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        replica.close()
    (out / "handoffs.json").write_text(json.dumps({"first": first, "second": second}) + "\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
