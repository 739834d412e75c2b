"""The local SQLite database: connection settings and registered, numbered migrations.

Migrations are plain functions registered with :func:`migration`; each runs once, in order,
inside a transaction, and is recorded in the ``_migrations`` table (the sqlite-utils /
datasette habit). Opening a database written by a newer porecare refuses clearly.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from porecare.errors import SchemaTooNewError, StorageFullError, StoreError
from porecare.paths import database_path

__all__ = ["MIGRATIONS", "connect", "migration", "open_database", "schema_version", "transaction"]

Migration = Callable[[sqlite3.Connection], None]
MIGRATIONS: dict[int, tuple[str, Migration]] = {}


def migration(number: int, name: str) -> Callable[[Migration], Migration]:
    """Register ``fn`` as migration ``number`` (numbers are unique and never reused)."""

    def register(fn: Migration) -> Migration:
        if number in MIGRATIONS:
            raise RuntimeError(f"migration {number} registered twice")
        MIGRATIONS[number] = (name, fn)
        return fn

    return register


def connect(path: str | Path) -> sqlite3.Connection:
    """Open ``path`` (``":memory:"`` allowed) with porecare's settings; no migration."""
    conn = sqlite3.connect(str(path), timeout=30.0, isolation_level=None)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 30000")
    if str(path) != ":memory:":
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
    return conn


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """``BEGIN IMMEDIATE`` ... ``COMMIT``; rolls back on any error."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def schema_version(conn: sqlite3.Connection) -> int:
    conn.execute(
        "CREATE TABLE IF NOT EXISTS _migrations "
        "(number INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )
    row = conn.execute("SELECT MAX(number) FROM _migrations").fetchone()
    return int(row[0] or 0)


def migrate(conn: sqlite3.Connection) -> int:
    """Apply pending migrations; refuse a database newer than this code."""
    current = schema_version(conn)
    latest = max(MIGRATIONS, default=0)
    if current > latest:
        raise SchemaTooNewError(
            f"database schema version {current} is newer than this porecare supports "
            f"({latest}); upgrade porecare"
        )
    for number in sorted(n for n in MIGRATIONS if n > current):
        name, fn = MIGRATIONS[number]
        with transaction(conn):
            fn(conn)
            conn.execute(
                "INSERT INTO _migrations (number, name, applied_at) VALUES (?, ?, ?)",
                (number, name, datetime.now(UTC).isoformat(timespec="seconds")),
            )
    return latest


def _run_script(conn: sqlite3.Connection, script: str) -> None:
    # executescript() would COMMIT the migration's open transaction; run statements one by one.
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


def open_database(data_dir: Path | str) -> sqlite3.Connection:
    """Open (creating if needed) and migrate the database in ``data_dir``."""
    data_dir = Path(data_dir)
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        conn = connect(database_path(data_dir))
        migrate(conn)
    except sqlite3.OperationalError as exc:
        text = str(exc)
        if "readonly" in text or "read-only" in text or "disk is full" in text:
            raise StorageFullError(f"{data_dir}: cannot write the database ({text})") from None
        raise StoreError(f"{database_path(data_dir)}: {text}") from None
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{database_path(data_dir)}: not a porecare database ({exc})") from None
    except PermissionError:
        raise StorageFullError(
            f"{data_dir}: permission denied; choose another --data-dir"
        ) from None
    return conn


@migration(1, "initial schema")
def _initial(conn: sqlite3.Connection) -> None:
    _run_script(
        conn,
        """
        CREATE TABLE products (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            ingredients_text TEXT NOT NULL,
            role TEXT NOT NULL,
            analysis_json TEXT NOT NULL,
            source TEXT NOT NULL DEFAULT 'user',
            added_at TEXT NOT NULL
        );
        CREATE TABLE ingredient_names (
            name_key TEXT PRIMARY KEY,
            inci_name TEXT NOT NULL,
            cas_number TEXT,
            einecs_number TEXT,
            functions TEXT NOT NULL DEFAULT '',
            source TEXT NOT NULL
        );
        CREATE TABLE catalog_products (
            id INTEGER PRIMARY KEY,
            code TEXT,
            name TEXT NOT NULL,
            brand TEXT,
            category TEXT,
            ingredients_text TEXT NOT NULL,
            source TEXT NOT NULL,
            UNIQUE (source, code)
        );
        """,
    )
