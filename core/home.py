"""Where a replica keeps its files: `$BATON_HOME`, else the platform's user data dir.

One place names every path, so nothing else builds them by hand.
"""

from __future__ import annotations

import os
from pathlib import Path

from .record import record


@record(frozen=True)
class Home:
    root: Path

    @classmethod
    def locate(cls, override: str | os.PathLike[str] | None = None) -> Home:
        """The home named by `override`, else `$BATON_HOME`, else the user data dir."""
        if override:
            return cls(Path(override).expanduser().absolute())
        env = os.environ.get("BATON_HOME")
        if env:
            return cls(Path(env).expanduser().absolute())
        from platformdirs import user_data_path

        return cls(user_data_path("baton", appauthor=False))

    @property
    def config(self) -> Path:
        return self.root / "config.json"

    @property
    def database(self) -> Path:
        return self.root / "baton.db"

    def no_database(self) -> str:
        """Why there is nothing to read, and what brings it back: a new home, or one whose database went."""
        if not self.config.exists():
            return f"no database in {self.root}: run `baton init --user USER` first"
        return (
            f"no database in {self.root} (baton.db was moved or deleted): `baton sync` brings back everything "
            "you and your team sent to the shared folder"
        )

    def holds_replica(self) -> str | None:
        """What in this folder makes it a baton home (its database, device key, or a config naming a
        replica), in words; None when it holds none of them. A config.json alone may be another program's."""
        for path in (self.database, self.device_key):
            if os.path.lexists(path):
                return path.name
        if os.path.lexists(self.config):
            import json

            from .regular_file import NotAFile, read_settings

            try:
                data = json.loads(read_settings(self.config))
            except (OSError, ValueError, NotAFile):
                return None
            if isinstance(data, dict) and "replica_id" in data:
                return self.config.name
        return None

    @property
    def templates(self) -> Path:
        """User templates; a higher version of a built-in id supersedes it."""
        return self.root / "checklists"

    @property
    def device_key(self) -> Path:
        """This device's private signing key (mode 0600); it never leaves the home."""
        return self.root / "device.key"

    @property
    def hooks(self) -> Path:
        return self.root / "hooks"
