"""``porecare check``, ``porecare products ...`` and ``porecare data ...``: a thin edge over
:mod:`porecare.ingredients`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from porecare.cli._common import AppContext, emit, json_option, pass_app
from porecare.errors import IngredientError, UsageError

if TYPE_CHECKING:
    import sqlite3

    from porecare.ingredients import Dictionary
    from porecare.profile import Profile

__all__ = ["check", "data", "products"]

MAX_INPUT_BYTES = 1024 * 1024


def _decode(raw: bytes, where: str) -> str:
    if b"\x00" in raw:
        raise IngredientError(f"{where}: binary data (NUL bytes); expected UTF-8 text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IngredientError(
            f"{where}: not UTF-8 (byte {exc.start}); save or paste the list as UTF-8 text"
        ) from None


def _read_file(path: str) -> str:
    file = Path(path)
    try:
        if file.is_dir():
            raise IngredientError(f"{path}: is a folder; expected a text file")
        if file.stat().st_size > MAX_INPUT_BYTES:
            raise IngredientError(
                f"{path}: {file.stat().st_size:,} bytes; an ingredient list file is at most 1 MiB"
            )
        raw = file.read_bytes()
    except FileNotFoundError:
        raise IngredientError(f"{path}: no such file") from None
    return _decode(raw, path)


def _database(app: AppContext, *, create: bool) -> sqlite3.Connection | None:
    from porecare.journal._db import open_database
    from porecare.paths import database_path

    if not create and not database_path(app.data_dir).exists():
        return None
    return open_database(app.data_dir)


def _dictionary(app: AppContext) -> Dictionary:
    from porecare.ingredients import Dictionary

    conn = _database(app, create=False)
    if conn is None:
        return Dictionary.load()
    try:
        return Dictionary.load(conn)
    finally:
        conn.close()


def _profile(app: AppContext, path: str | None, *, none: bool) -> Profile | None:
    """``--profile FILE``, else (unless ``--no-profile``) the user's own profile, if any."""
    if path is not None and none:
        raise UsageError("give --profile FILE or --no-profile, not both")
    if none:
        return None
    if path is None:
        from porecare.cli._plan import your_profile

        return your_profile(app.data_dir)
    from porecare.profile import load_profile

    return load_profile(path)


_PROFILE_HELP = (
    "{what} for this profile file (default: your profile, from `porecare quiz` or stored by "
    "`setup`/`demo`, when there is one)."
)


# --- check ---------------------------------------------------------------------------------


class _RoleOption(click.Option):
    """Lists the roles in ``--help`` only: importing them at start-up would slow every command."""

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        from porecare.ingredients._roles import ROLES

        record = super().get_help_record(ctx)
        return None if record is None else (record[0], f"{record[1]} {', '.join(ROLES)}.")


def _check_role(role: str | None, where: str, *, also: tuple[str, ...] = ()) -> None:
    from porecare.ingredients._store import check_role

    check_role(role, where, also=also)


@click.command()
@click.argument("text", required=False)
@click.option("--file", "file_", type=str, default=None, help="Read the ingredient list from FILE.")
@click.option(
    "--jsonl",
    is_flag=True,
    help='Read {"name": ..., "ingredients": ...} per line on stdin; write one result per line.',
)
@click.option("--name", default=None, help="The product's name (helps tell its kind).")
@click.option(
    "--role",
    cls=_RoleOption,
    metavar="ROLE",
    default=None,
    help="What the product is, if you know (leave-on or rinse-off changes the fit); default: "
    "porecare guesses. ROLE is one of:",
)
@click.option(
    "--profile", "profile_path", default=None, help=_PROFILE_HELP.format(what="Judge the fit")
)
@click.option("--no-profile", is_flag=True, help="Judge the product for no one's profile.")
@click.option(
    "--workers",
    default="1",
    metavar="N",
    help="With --jsonl: processes to spread the lines over (output order is kept).",
)
@json_option
@pass_app
def check(
    app: AppContext,
    text: str | None,
    file_: str | None,
    jsonl: bool,
    name: str | None,
    role: str | None,
    profile_path: str | None,
    no_profile: bool,
    workers: str,
    as_json: bool,
) -> None:
    """Read an ingredient list (TEXT, --file F, stdin or --jsonl) and judge the product."""
    from porecare.ingredients import analyze_product, with_stated_role

    given = sum(x is not None and x is not False for x in (text, file_, jsonl or None))
    if given > 1:
        raise UsageError("check: give one of TEXT, --file or --jsonl")
    if role is not None and jsonl:
        raise UsageError("check: --role applies to one product; with --jsonl each line is judged")
    _check_role(role, "check: --role")
    n_workers = _workers(workers, jsonl)
    profile = _profile(app, profile_path, none=no_profile)
    dictionary = _dictionary(app)
    if jsonl:
        _check_jsonl(dictionary, profile, default_name=name, workers=n_workers)
        return
    if file_ is not None:
        text = _read_file(file_)
    elif text is None or text == "-":
        if text is None and sys.stdin.isatty():
            raise UsageError("check: give the ingredient list as TEXT, --file F or on stdin")
        raw = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
        if len(raw) > MAX_INPUT_BYTES:
            raise IngredientError("stdin: more than 1 MiB; an ingredient list is far shorter")
        text = _decode(raw, "stdin")
    if any("\ud800" <= ch <= "\udfff" for ch in text):
        raise IngredientError("check: TEXT is not valid UTF-8; pass the list as UTF-8 text")
    if not text.strip():
        raise IngredientError("check: the ingredient list is empty; paste the INCI list")
    analysis = analyze_product(text, name=name, profile=profile, dictionary=dictionary)
    if role is not None:
        analysis = with_stated_role(analysis, role, profile)
    emit(analysis.to_dict(), as_json, _render_analysis)
    if analysis.unknown and not dictionary.imported and not as_json:
        click.echo(_COSING_HINT.format(known=len(dictionary)))


_COSING_HINT = (
    "porecare knows {known:,} ingredient names; importing the EU CosIng inventory recognises "
    "most others: download the export from the European Commission's CosIng site, then run "
    "`porecare data import-cosing FILE`."
)


def _workers(text: str, jsonl: bool) -> int:
    from porecare.ingredients._batch import MAX_WORKERS

    value = text.strip()
    if not (value.isascii() and value.isdigit()) or not 1 <= int(value) <= MAX_WORKERS:
        raise UsageError(f"check: --workers is {text!r}; allowed: a whole number 1..{MAX_WORKERS}")
    if int(value) > 1 and not jsonl:
        raise UsageError("check: --workers applies to --jsonl only")
    return int(value)


def _check_jsonl(
    dictionary: Dictionary, profile: Profile | None, *, default_name: str | None, workers: int
) -> None:
    from porecare.ingredients import check_jsonl

    out = sys.stdout
    for line in check_jsonl(
        sys.stdin.buffer,
        dictionary=dictionary,
        profile=profile,
        default_name=default_name,
        workers=workers,
    ):
        out.write(line + "\n")
    out.flush()


def _render_analysis(data: dict[str, Any]) -> str:
    lines = []
    role = data["role"]
    title = data.get("name") or "Product"
    lines.append(
        f"{title}: {role['role'].replace('_', ' ')} (confidence {role['confidence']:.2f}; "
        f"{'; '.join(role['evidence'])})"
    )
    counts = data["counts"]
    lines.append(f"{counts['resolved']} of {counts['tokens']} ingredients recognised")
    for i, item in enumerate(data["ingredients"], start=1):
        inci = item["inci"] or "?? unknown"
        extra = []
        if item["classes"]:
            extra.append(", ".join(item["classes"]))
        if item["comedogenic"] is not None:
            extra.append(f"comedogenic {item['comedogenic']}")
        if item["confidence"] and item["confidence"] < 1:
            extra.append(f"{item['how']}, confidence {item['confidence']:.2f}")
        if item["may_contain"]:
            extra.append("may contain")
        note = f"  [{'; '.join(extra)}]" if extra else ""
        lines.append(f"  {i:>2}. {item['input']} -> {inci}{note}")
    if data["actives"]:
        lines.append("Actives:")
        lines.extend(f"  - {a['inci']} ({a['class']}): {a['hint']}" for a in data["actives"])
    if data["flags"]:
        lines.append("Flags:")
        for flag in data["flags"]:
            lines.append(f"  - {flag['ingredient']}: {flag['reason']} [source: {flag['source']}]")
            if flag.get("caveat"):
                lines.append(f"    caveat: {flag['caveat']}")
    if data["fit"]:
        lines.append(f"Fit: {data['fit']['verdict']} - {data['fit']['summary']}")
    if data["unknown"]:
        lines.append("Unknown (not recognised, kept): " + ", ".join(data["unknown"]))
    return "\n".join(lines)


# --- products ------------------------------------------------------------------------------


@click.group()
def products() -> None:
    """Your shelf: add, list and remove products (each analysed on entry)."""


@products.command("add")
@click.option(
    "--name", default=None, help="The product's name (with --catalog: instead of its own)."
)
@click.option("--ingredients", default=None, help="The ingredient list (INCI) as printed.")
@click.option("--file", "file_", default=None, help="Read the ingredient list from FILE.")
@click.option(
    "--catalog",
    "catalog_id",
    metavar="ID",
    default=None,
    help="Copy a catalog product (its list and name); find IDs with `porecare catalog WORDS`.",
)
@click.option(
    "--role",
    cls=_RoleOption,
    metavar="ROLE",
    default=None,
    help="What the product is, if you know; default: porecare guesses from the name and "
    "ingredients. ROLE is one of:",
)
@json_option
@pass_app
def products_add(
    app: AppContext,
    name: str | None,
    ingredients: str | None,
    file_: str | None,
    catalog_id: str | None,
    role: str | None,
    as_json: bool,
) -> None:
    """Add a product to your shelf: its name and list, or a catalog product."""
    from porecare.ingredients import Dictionary, add_from_catalog, add_product

    if sum(x is not None for x in (ingredients, file_, catalog_id)) != 1:
        raise UsageError(
            "products add: give exactly one of --ingredients TEXT, --file F or --catalog ID"
        )
    if name is None and catalog_id is None:
        raise UsageError("products add: give the product's --name NAME")
    _check_role(role, "products add: --role")
    text = ""
    if catalog_id is None:
        text = ingredients if ingredients is not None else _read_file(str(file_))
        if not text.strip():
            raise IngredientError("products add: --ingredients is empty; paste the INCI list")
    conn = _database(app, create=True)
    assert conn is not None
    try:
        dictionary = Dictionary.load(conn)
        if catalog_id is not None:
            record = add_from_catalog(conn, catalog_id, name=name, role=role, dictionary=dictionary)
        else:
            assert name is not None
            record = add_product(conn, name, text, role=role, dictionary=dictionary)
    finally:
        conn.close()
    emit(record.to_dict(), as_json, _render_record)


@click.command("catalog")
@click.argument("words", nargs=-1)
@click.option(
    "--limit", type=click.IntRange(1, 100), default=20, show_default=True, help="Most matches."
)
@click.option(
    "--profile",
    "profile_path",
    default=None,
    help=_PROFILE_HELP.format(what="Judge each product's fit"),
)
@click.option("--no-profile", is_flag=True, help="Judge the products for no one's profile.")
@json_option
@pass_app
def catalog(
    app: AppContext,
    words: tuple[str, ...],
    limit: int,
    profile_path: str | None,
    no_profile: bool,
    as_json: bool,
) -> None:
    """Find products in the catalog by words of their brand or name.

    The starter catalog, and Open Beauty Facts products once imported (`porecare data
    import-obf`). Add one to your shelf with `porecare products add --catalog ID`.
    """
    from porecare.ingredients import Dictionary, find_in_catalog, judge_catalog_products

    profile = _profile(app, profile_path, none=no_profile)
    conn = _database(app, create=False)
    try:
        found = find_in_catalog(conn, " ".join(words), limit=limit)
        dictionary = Dictionary.load(conn)
    finally:
        if conn is not None:
            conn.close()
    judged = judge_catalog_products(found, profile=profile, dictionary=dictionary)
    emit({"products": judged}, as_json, _render_catalog)


def _render_catalog(data: dict[str, Any]) -> str:
    products = data["products"]
    if not products:
        return "No catalog product has all those words; try fewer or other words."
    width = max(len(p["id"]) for p in products)
    lines = [
        f"{p['id']:<{width}}  {(p['brand'] + ' ' + p['name']).strip()}: "
        + p["role"]["role"].replace("_", " ")
        + (f"; {p['fit']['verdict']} ({p['fit']['summary']})" if p["fit"] else "")
        for p in products
    ]
    lines.append("Add one to your shelf: porecare products add --catalog ID")
    return "\n".join(lines)


def _render_record(data: dict[str, Any]) -> str:
    from porecare.ingredients import UNSURE_CONFIDENCE, sold_for_body

    analysis = data["analysis"]
    counts = analysis["counts"]
    flags = ", ".join(dict.fromkeys(f"{f['kind']} ({f['ingredient']})" for f in analysis["flags"]))
    said = " (as you said)" if data.get("role_set_by") == "you" else ""
    text = (
        f"#{data['id']} {data['name']}: {data['role'].replace('_', ' ')}{said}; "
        f"{counts['resolved']}/{counts['tokens']} ingredients recognised"
    )
    text += f"; flags: {flags}" if flags else ""
    guess = analysis["role"]
    if data.get("role_set_by") != "you" and guess["confidence"] < UNSURE_CONFIDENCE:
        text += (
            f"\n    porecare is not sure ({round(guess['confidence'] * 100)} %: "
            f"{'; '.join(guess['evidence'])}). If it is something else, say what it is: "
            f"porecare products set-role {data['id']} ROLE"
        )
    body = sold_for_body(data["name"])
    if body:
        text += f"\n    {body}: the plan leaves it out."
    return text


@products.command("list")
@json_option
@pass_app
def products_list(app: AppContext, as_json: bool) -> None:
    """List the products on your shelf."""
    from porecare.ingredients import list_products

    conn = _database(app, create=False)
    records = []
    if conn is not None:
        try:
            records = [r.to_dict() for r in list_products(conn)]
        finally:
            conn.close()
    emit(
        {"products": records},
        as_json,
        lambda d: "\n".join(_render_record(r) for r in d["products"]) or "Your shelf is empty.",
    )


@products.command("remove")
@click.argument("product_id", type=int)
@json_option
@pass_app
def products_remove(app: AppContext, product_id: int, as_json: bool) -> None:
    """Remove product ID from your shelf."""
    from porecare.ingredients import remove_product

    conn = _database(app, create=False)
    if conn is None:
        raise UsageError(f"products remove: no product with id {product_id}; the shelf is empty")
    try:
        record = remove_product(conn, product_id)
    finally:
        conn.close()
    emit(
        {"removed": record.to_dict()},
        as_json,
        lambda d: f"Removed #{d['removed']['id']} {d['removed']['name']}.",
    )


@products.command("edit")
@click.argument("product_id", type=int)
@click.option("--name", default=None, help="The product's new name.")
@click.option("--ingredients", default=None, help="The corrected ingredient list (INCI).")
@click.option("--file", "file_", default=None, help="Read the corrected list from FILE.")
@json_option
@pass_app
def products_edit(
    app: AppContext,
    product_id: int,
    name: str | None,
    ingredients: str | None,
    file_: str | None,
    as_json: bool,
) -> None:
    """Correct product ID's name or ingredient list; it is analysed again."""
    from porecare.ingredients import Dictionary, edit_product

    if ingredients is not None and file_ is not None:
        raise UsageError("products edit: give one of --ingredients TEXT or --file F")
    text = ingredients if file_ is None else _read_file(file_)
    if text is not None and not text.strip():
        raise IngredientError("products edit: --ingredients is empty; paste the INCI list")
    conn = _database(app, create=False)
    if conn is None:
        raise UsageError(f"products edit: no product with id {product_id}; the shelf is empty")
    try:
        record = edit_product(
            conn, product_id, name=name, text=text, dictionary=Dictionary.load(conn)
        )
    finally:
        conn.close()
    emit(record.to_dict(), as_json, _render_record)


@products.command("set-role")
@click.argument("product_id", type=int)
@click.argument("role", metavar="ROLE")
@json_option
@pass_app
def products_set_role(app: AppContext, product_id: int, role: str, as_json: bool) -> None:
    """Say what product ID is (ROLE), or 'guess' to let porecare tell from its label."""
    from porecare.ingredients import Dictionary, set_product_role

    stated = None if role == "guess" else role
    _check_role(stated, "products set-role: ROLE", also=("guess",))
    conn = _database(app, create=False)
    if conn is None:
        raise UsageError(f"products set-role: no product with id {product_id}; the shelf is empty")
    try:
        record = set_product_role(conn, product_id, stated, dictionary=Dictionary.load(conn))
    finally:
        conn.close()
    emit(record.to_dict(), as_json, _render_record)


@products.command("conflicts")
@click.argument("product_ids", type=int, nargs=-1)
@json_option
@pass_app
def products_conflicts(app: AppContext, product_ids: tuple[int, ...], as_json: bool) -> None:
    """Check products used in one routine (IDs, default: the whole shelf) for conflicts."""
    from porecare.ingredients import Dictionary, find_conflicts, list_products
    from porecare.ingredients._store import analyze_shelf_product

    conn = _database(app, create=False)
    records = []
    dictionary = Dictionary.load()
    if conn is not None:
        try:
            records = list_products(conn)
            dictionary = Dictionary.load(conn)
        finally:
            conn.close()
    if product_ids:
        known = {r.id for r in records}
        missing = [i for i in product_ids if i not in known]
        if missing:
            raise UsageError(
                f"products conflicts: no product with id {missing[0]} on the shelf; "
                "see 'porecare products list'"
            )
        records = [r for r in records if r.id in product_ids]
    analyses = [analyze_shelf_product(r, dictionary=dictionary) for r in records]
    conflicts = [c.to_dict() for c in find_conflicts(analyses)]
    emit(
        {"products": [r.name for r in records], "conflicts": conflicts},
        as_json,
        _render_conflicts,
    )


def _render_conflicts(data: dict[str, Any]) -> str:
    if not data["conflicts"]:
        return f"No conflicts among {len(data['products'])} product(s)."
    lines = []
    for c in data["conflicts"]:
        first, second = c["products"]
        lines.append(f"- {first} + {second}: {c['why']} [source: {c['source']}]")
    return "\n".join(lines)


# --- data ----------------------------------------------------------------------------------


@click.group()
def data() -> None:
    """Import ingredient names (CosIng) and products (Open Beauty Facts)."""


def _import(app: AppContext, file: str, kind: str, as_json: bool) -> None:
    from porecare.ingredients import import_cosing, import_obf

    conn = _database(app, create=True)
    assert conn is not None
    try:
        result = (import_cosing if kind == "cosing" else import_obf)(conn, file)
    finally:
        conn.close()
    emit(
        result.to_dict(),
        as_json,
        lambda d: (
            f"Imported {d['imported']:,} rows from {d['path']} "
            f"({d['skipped']:,} skipped); {d['total_in_table']:,} in the table now."
        ),
    )


@data.command("import-cosing")
@click.argument("file", type=str)
@json_option
@pass_app
def import_cosing_cmd(app: AppContext, file: str, as_json: bool) -> None:
    """Import the EU CosIng inventory CSV (INCI names, CAS, functions)."""
    _import(app, file, "cosing", as_json)


@data.command("import-obf")
@click.argument("file", type=str)
@json_option
@pass_app
def import_obf_cmd(app: AppContext, file: str, as_json: bool) -> None:
    """Import an Open Beauty Facts products dump (tab-separated CSV or JSONL)."""
    _import(app, file, "obf", as_json)
