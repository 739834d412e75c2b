"""The local SQLite database: connection settings and registered, numbered migrations.

Migrations are plain functions registered with :func:`migration`; each runs once, in order,
inside a transaction, and is recorded in the ``_migrations`` table (the sqlite-utils /
datasette habit). Opening a database written by a newer porecare refuses clearly.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from porecare.errors import SchemaTooNewError, StorageFullError, StoreError
from porecare.paths import database_path

__all__ = [
    "MIGRATIONS",
    "connect",
    "migration",
    "open_database",
    "schema_version",
    "storage_errors",
    "transaction",
]

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
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    try:
        conn.execute("COMMIT")
    except sqlite3.Error:
        # A failed COMMIT (disk full, I/O error) leaves the transaction open; undo it whole.
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def schema_version(conn: sqlite3.Connection) -> int:
    conn.execute(
        "CREATE TABLE IF NOT EXISTS _migrations "
        "(number INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )
    row = conn.execute("SELECT MAX(number) FROM _migrations").fetchone()
    return int(row[0] or 0)


def migrate(conn: sqlite3.Connection, *, up_to: int | None = None) -> int:
    """Apply pending migrations (all, or those numbered up to ``up_to``); refuse a database
    newer than this code."""
    current = schema_version(conn)
    latest = max(MIGRATIONS, default=0) if up_to is None else up_to
    if current > latest:
        raise SchemaTooNewError(
            f"database schema version {current} is newer than this porecare supports "
            f"({latest}); upgrade porecare"
        )
    for number in sorted(n for n in MIGRATIONS if current < n <= latest):
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
        if _read_only_folder(data_dir):
            raise StorageFullError(
                f"{data_dir}: the data folder is on a read-only file system; porecare must "
                "write its database there (choose another --data-dir)"
            ) from None
        if _disk_full(data_dir):
            raise StorageFullError(
                f"{data_dir}: the disk is full; free some space and try again (nothing was changed)"
            ) from None
        if "readonly" in text or "read-only" in text or "full" in text:
            raise StorageFullError(f"{data_dir}: cannot write the database ({text})") from None
        raise StoreError(f"{database_path(data_dir)}: {text}") from None
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{database_path(data_dir)}: not a porecare database ({exc})") from None
    except PermissionError:
        raise StorageFullError(
            f"{data_dir}: permission denied; choose another --data-dir"
        ) from None
    except OSError as exc:
        # e.g. a path under a regular file (ENOTDIR), a read-only file system (EROFS), ENOSPC.
        raise StorageFullError(
            f"{data_dir}: cannot create the data folder ({exc.strerror or exc}); "
            "choose another --data-dir"
        ) from None
    return conn


def _read_only_folder(folder: Path) -> bool:
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def _disk_full(folder: Path, *, reserve: int = 256 * 1024) -> bool:
    """Less than ``reserve`` bytes free: SQLite then fails with vague I/O errors."""
    try:
        st = os.statvfs(folder)
    except OSError:
        return False
    return st.f_bavail * st.f_frsize < reserve


@contextmanager
def storage_errors(where: Path | str) -> Iterator[None]:
    """Turn SQLite's disk-full / read-only / I/O failures into one-line :class:`StorageFullError`."""
    try:
        yield
    except sqlite3.OperationalError as exc:
        text = str(exc)
        lowered = text.lower()
        if _disk_full(Path(where)):
            raise StorageFullError(
                f"{where}: the disk is full ({text}); free some space; nothing was changed"
            ) from None
        if any(key in lowered for key in ("full", "readonly", "read-only", "disk i/o")):
            raise StorageFullError(f"{where}: cannot write ({text}); nothing was changed") from None
        raise StoreError(f"{where}: {text}") from None


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
        CREATE TABLE profiles (
            id INTEGER PRIMARY KEY,
            profile_json TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE TABLE plans (
            id INTEGER PRIMARY KEY,
            profile_id INTEGER NOT NULL REFERENCES profiles (id),
            start TEXT NOT NULL,
            weeks INTEGER NOT NULL CHECK (weeks > 0),
            plan_json TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE TABLE checkoffs (
            id INTEGER PRIMARY KEY,
            day TEXT NOT NULL,
            routine TEXT NOT NULL CHECK (routine IN ('am', 'pm')),
            step TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('done', 'skipped')),
            at TEXT NOT NULL
        );
        CREATE INDEX checkoffs_by_day ON checkoffs (day, routine, step, id);
        CREATE TABLE diary (
            day TEXT PRIMARY KEY,
            oiliness INTEGER CHECK (oiliness BETWEEN 0 AND 5),
            breakouts INTEGER CHECK (breakouts BETWEEN 0 AND 5),
            irritation INTEGER CHECK (irritation BETWEEN 0 AND 5),
            note TEXT NOT NULL DEFAULT '',
            at TEXT NOT NULL
        );
        CREATE TABLE photos (
            id INTEGER PRIMARY KEY,
            sha256 TEXT NOT NULL UNIQUE,
            day TEXT NOT NULL,
            filename TEXT NOT NULL,
            width INTEGER NOT NULL,
            height INTEGER NOT NULL,
            size_bytes INTEGER NOT NULL,
            added_at TEXT NOT NULL
        );
        CREATE TABLE analyses (
            id INTEGER PRIMARY KEY,
            photo_id INTEGER NOT NULL REFERENCES photos (id) ON DELETE CASCADE,
            px_per_mm REAL,
            analysis_json TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE INDEX analyses_by_photo ON analyses (photo_id, id);
        """,
    )


@migration(2, "products: who set the role")
def _role_set_by(conn: sqlite3.Connection) -> None:
    # 'you' when the user said what the product is (their word beats porecare's guess from
    # the label); existing rows keep porecare's guess.
    _run_script(
        conn,
        """
        ALTER TABLE products ADD COLUMN role_set_by TEXT NOT NULL DEFAULT 'porecare'
            CHECK (role_set_by IN ('porecare', 'you'));
        """,
    )
