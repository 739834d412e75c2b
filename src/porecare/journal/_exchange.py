"""Export everything to one JSON document and import it back, refusing bad files whole.

The document::

    {"format": "porecare-export", "version": 1, "schema_version": N,
     "tables": {table: [row, ...] ordered by primary key},
     "files": {"photos/ab/<sha256>.png": "<base64>"}}

Import validates the whole document first, including a dry run into an in-memory database of
the same schema (so types, CHECK constraints, uniqueness and foreign keys are all checked by
SQLite itself) and the hash of every photo, and only then writes: photo files (content-addressed,
so harmless) and one transaction with every row. Existing ids are kept, so export -> import ->
export gives the same document.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
import sqlite3
import stat
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from porecare.errors import DataFileError, PorecareError, UsageError
from porecare.journal._db import connect, migrate, schema_version, storage_errors, transaction

if TYPE_CHECKING:
    from porecare.journal._journal import Journal

__all__ = [
    "FORMAT",
    "TABLES",
    "VERSION",
    "dump_export",
    "export_data",
    "import_data",
    "read_export",
]

FORMAT = "porecare-export"
VERSION = 1
MAX_EXPORT_BYTES = 2 * 1024**3
# Parents before children, so foreign keys hold while inserting in this order.
TABLES = (
    "profiles",
    "plans",
    "products",
    "ingredient_names",
    "catalog_products",
    "checkoffs",
    "diary",
    "photos",
    "analyses",
)
_PRIMARY = {"ingredient_names": "name_key", "diary": "day"}
_PHOTO_NAME = re.compile(r"^photos/([0-9a-f]{2})/([0-9a-f]{64})\.png$")
_PNG = b"\x89PNG\r\n\x1a\n"


def export_data(journal: Journal) -> dict[str, Any]:
    conn = journal.conn
    tables: dict[str, list[dict[str, Any]]] = {}
    files: dict[str, str] = {}
    conn.execute("BEGIN")  # one consistent snapshot across tables
    try:
        for table in TABLES:
            key = _PRIMARY.get(table, "id")
            rows = conn.execute(f"SELECT * FROM {table} ORDER BY {key}")
            tables[table] = [dict(r) for r in rows]
        version = schema_version(conn)
    finally:
        conn.execute("COMMIT")
    for row in tables["photos"]:
        path = journal.data_dir / row["filename"]
        try:
            files[row["filename"]] = base64.b64encode(path.read_bytes()).decode("ascii")
        except FileNotFoundError:
            raise DataFileError(
                f"{path}: photo {row['id']} is missing from the data folder"
            ) from None
    return {
        "format": FORMAT,
        "version": VERSION,
        "schema_version": version,
        "tables": tables,
        "files": files,
    }


def dump_export(data: Mapping[str, Any]) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")


def read_export(path: str | Path) -> dict[str, Any]:
    """Read and parse an export file (``DataFileError`` names the file and the problem)."""
    path = Path(path)
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise DataFileError(f"{path}: is a folder, expected a porecare export .json file")
        if not stat.S_ISREG(info.st_mode):  # a device or pipe could block or never end
            raise DataFileError(f"{path}: not a regular file; expected a porecare export .json")
        if info.st_size > MAX_EXPORT_BYTES:
            raise DataFileError(f"{path}: {info.st_size} bytes; an export is at most 2 GiB")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataFileError(f"{path}: no such file") from None
    except OSError as exc:
        raise DataFileError(f"{path}: cannot read ({exc.strerror})") from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise DataFileError(f"{path}: not UTF-8 text; expected a porecare export .json") from None
    except json.JSONDecodeError as exc:
        raise DataFileError(
            f"{path}: not JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}); "
            "expected a porecare export"
        ) from None
    except RecursionError:
        raise DataFileError(f"{path}: JSON nested too deeply; expected a porecare export") from None
    check_header(data, str(path))
    return data


def check_header(data: Any, where: str) -> None:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        found = data.get("format") if isinstance(data, dict) else type(data).__name__
        raise DataFileError(
            f"{where}: not a porecare export (format {found!r}, expected {FORMAT!r})"
        )
    if data.get("version") != VERSION:
        raise DataFileError(
            f"{where}: export format version {data.get('version')!r}; this porecare reads {VERSION}"
        )
    if not isinstance(data.get("tables"), dict) or not isinstance(data.get("files"), dict):
        raise DataFileError(f"{where}: 'tables' and 'files' must be objects")


def import_data(
    journal: Journal, data: Mapping[str, Any], *, where: str = "import"
) -> dict[str, int]:
    """Validate ``data`` whole, then write it into the (empty) journal in one transaction."""
    check_header(data, where)
    from porecare.journal._db import MIGRATIONS

    latest = max(MIGRATIONS)
    version = data.get("schema_version")
    if not isinstance(version, int) or not 1 <= version <= latest:
        raise DataFileError(
            f"{where}: schema_version {version!r}; this porecare reads 1..{latest} (upgrade porecare)"
        )
    tables = _check_tables(data["tables"], where, version)
    files = _check_files(data["files"], tables["photos"], where)
    _dry_run(tables, where)
    _check_empty(journal)
    written = []
    from porecare.journal._photos import write_photo

    try:
        with storage_errors(journal.data_dir):
            for name, blob in files.items():
                if write_photo(journal.data_dir, name, blob):
                    written.append(journal.data_dir / name)
        with journal.write() as conn:
            _insert_all(conn, tables)
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return {t: len(rows) for t, rows in tables.items()}


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}


def _columns_at(version: int) -> dict[str, set[str]]:
    """Each table's columns at schema ``version`` (its migrations run in memory)."""
    memory = connect(":memory:")
    try:
        migrate(memory, up_to=version)
        return {table: _columns(memory, table) for table in TABLES}
    finally:
        memory.close()


def _check_tables(
    raw: Mapping[str, Any], where: str, version: int
) -> dict[str, list[dict[str, Any]]]:
    unknown = sorted(set(raw) - set(TABLES))
    if unknown:
        raise DataFileError(f"{where}: unknown table {unknown[0]!r}; allowed: {', '.join(TABLES)}")
    out: dict[str, list[dict[str, Any]]] = {}
    # An export from an older schema has that schema's columns: the ones added since come
    # with defaults (an ADD COLUMN migration must give one), which SQLite fills in.
    schema = _columns_at(version)
    for table in TABLES:
        rows = raw.get(table, [])
        expected = schema[table]
        if not isinstance(rows, list):
            raise DataFileError(f"{where}: table {table!r} must be a list of rows")
        for i, row in enumerate(rows):
            if not isinstance(row, dict) or set(row) != expected:
                raise DataFileError(
                    f"{where}: {table} row {i + 1} must have exactly the columns "
                    f"{', '.join(sorted(expected))} (schema version {version})"
                )
            for column, value in row.items():
                if not (value is None or isinstance(value, str | int | float)) or isinstance(
                    value, bool
                ):
                    raise DataFileError(
                        f"{where}: {table} row {i + 1} column {column!r}: not a scalar"
                    )
        out[table] = rows
    for row in out["plans"]:
        _check_plan(row, where)
    for table, column in _DATES:
        for row in out[table]:
            _check_date(row, table, column, where)
    for table, column in _STAMPS:
        for row in out[table]:
            _check_stamp(row, table, column, where)
    _check_steps(out["checkoffs"], where)
    for row in out["profiles"]:
        from porecare.profile import Profile

        try:
            Profile.from_mapping(_json_field(row, "profile_json", "profiles", where))
        except Exception as exc:
            raise DataFileError(f"{where}: profile {row.get('id')}: {exc}") from None
    for row in out["analyses"]:
        _json_field(row, "analysis_json", "analyses", where)
    return out


# Columns the journal reads back as dates / timestamps: a bad one must not get in.
_DATES = (("plans", "start"), ("checkoffs", "day"), ("diary", "day"), ("photos", "day"))
_STAMPS = (
    ("profiles", "created_at"),
    ("plans", "created_at"),
    ("checkoffs", "at"),
    ("diary", "at"),
    ("photos", "added_at"),
    ("analyses", "created_at"),
)
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _check_date(row: Mapping[str, Any], table: str, column: str, where: str) -> None:
    value = row[column]
    try:
        if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
            raise ValueError(value)
        date.fromisoformat(value)
    except ValueError:
        raise DataFileError(
            f"{where}: {table} row {row.get('id', value)!r} column {column!r} is {value!r}; "
            "allowed: a real date YYYY-MM-DD"
        ) from None


def _check_stamp(row: Mapping[str, Any], table: str, column: str, where: str) -> None:
    value = row[column]
    try:
        if not isinstance(value, str):
            raise ValueError(value)
        datetime.fromisoformat(value)
    except ValueError:
        raise DataFileError(
            f"{where}: {table} row {row.get('id', row.get('day'))!r} column {column!r} is "
            f"{value!r}; allowed: an ISO 8601 timestamp"
        ) from None


def _check_plan(row: Mapping[str, Any], where: str) -> None:
    from porecare.journal._journal import _check_plan_shape

    plan = _json_field(row, "plan_json", "plans", where)
    try:
        _check_plan_shape(plan, f"{where}: plans row id {row.get('id')}: plan_json")
    except PorecareError as exc:
        raise DataFileError(str(exc)) from None


def _check_steps(rows: list[dict[str, Any]], where: str) -> None:
    from porecare.knowledge._rules import load_rules

    kinds = set(load_rules().steps)
    for row in rows:
        if row["step"] not in kinds:
            raise DataFileError(
                f"{where}: checkoffs row id {row.get('id')}: unknown step {row['step']!r}; "
                f"allowed: {', '.join(sorted(kinds))}"
            )


def _json_field(row: Mapping[str, Any], column: str, table: str, where: str) -> Any:
    try:
        return json.loads(row[column])
    except (TypeError, ValueError):
        raise DataFileError(
            f"{where}: {table} row id {row.get('id')}: {column} is not JSON"
        ) from None


def _check_files(
    raw: Mapping[str, Any], photos: list[dict[str, Any]], where: str
) -> dict[str, bytes]:
    names = {row["filename"] for row in photos}
    if set(raw) != names:
        extra = sorted(set(raw) ^ names)
        raise DataFileError(f"{where}: photo files and photo rows differ (e.g. {extra[0]!r})")
    out: dict[str, bytes] = {}
    for row in photos:
        name = row["filename"]
        match = _PHOTO_NAME.match(str(name))
        if not match or match[2] != row["sha256"] or match[1] != row["sha256"][:2]:
            raise DataFileError(f"{where}: photo {row['id']}: bad file name {name!r}")
        try:
            blob = base64.b64decode(raw[name], validate=True)
        except (binascii.Error, TypeError, ValueError):
            raise DataFileError(f"{where}: photo {row['id']}: data is not base64") from None
        if hashlib.sha256(blob).hexdigest() != row["sha256"] or not blob.startswith(_PNG):
            raise DataFileError(f"{where}: photo {row['id']}: data does not match its sha256")
        out[name] = blob
    return out


def _dry_run(tables: Mapping[str, list[dict[str, Any]]], where: str) -> None:
    """Insert everything into an in-memory database of the same schema; SQLite checks it all."""
    memory = connect(":memory:")
    try:
        migrate(memory)
        with transaction(memory):
            _insert_all(memory, tables)
        problems = memory.execute("PRAGMA foreign_key_check").fetchall()
        if problems:
            raise DataFileError(f"{where}: table {problems[0][0]} refers to a missing row")
    except sqlite3.IntegrityError as exc:
        raise DataFileError(f"{where}: rows break the schema ({exc})") from None
    except sqlite3.Error as exc:
        raise DataFileError(f"{where}: rows cannot be stored ({exc})") from None
    finally:
        memory.close()


def _insert_all(conn: sqlite3.Connection, tables: Mapping[str, list[dict[str, Any]]]) -> None:
    for table in TABLES:
        for row in tables[table]:
            columns = list(row)
            conn.execute(
                f"INSERT INTO {table} ({', '.join(columns)}) "
                f"VALUES ({', '.join('?' for _ in columns)})",
                [row[c] for c in columns],
            )


def _check_empty(journal: Journal) -> None:
    for table in TABLES:
        if journal.conn.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone():
            raise UsageError(
                f"{journal.data_dir}: already holds data (table {table}); import only into an "
                "empty data folder (use --data-dir NEW_FOLDER)"
            )
