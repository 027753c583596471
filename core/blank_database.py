"""A home's database that holds nothing: refused as damaged, never taken as a blank copy.

SQLite takes a zero-byte file (a crash, a full disk, a backup tool) as a blank database.
Opened as one, a home would start its history again: its next segment would take a
number it already published, with other content, and every teammate would see a copied
profile. A missing database is refused the same way (Home.no_database); `baton sync`
fills a new one once the empty file is moved aside.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from .errors import DamagedDatabase

NO_TABLES = "it holds no tables: an empty file, not this home's records"
_ANY_TABLE = "SELECT 1 FROM sqlite_schema LIMIT 1"


def refuse_empty(conn: sqlite3.Connection, path: Path | str) -> None:
    """DamagedDatabase, the connection closed, when an existing database holds no tables at all (a read: the
    file is left as it was)."""
    if conn.execute(_ANY_TABLE).fetchone() is None:
        conn.close()
        raise DamagedDatabase(path, NO_TABLES)
