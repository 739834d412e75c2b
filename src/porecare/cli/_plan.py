"""``porecare plan``, ``porecare quiz`` and ``porecare facts``.

Top-level imports are click and the CLI helpers only; the planner is imported inside each
command so ``porecare --help`` stays instant. Options are read as text and validated here, so a
bad value is one line (``porecare: error: ...``), not click's multi-line usage block.
"""

from __future__ import annotations

import os
import re
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from porecare.cli._common import AppContext, emit, json_option, pass_app
from porecare.errors import ProfileError, UsageError

if TYPE_CHECKING:
    from porecare.profile import Profile

__all__ = ["facts", "plan", "quiz"]

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_WEEKS = re.compile(r"[0-9]{1,3}")


class _Command(click.Command):
    """A command whose usage mistakes (unknown option, missing value) are one-line errors."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as exc:
            raise UsageError(f"porecare {self.name}: {exc.format_message()} (see --help)") from None


def refuse_own_data(target: Path, data_dir: Path) -> None:
    """Refuse to write a user's output file over porecare's database or stored photos."""
    from porecare.paths import database_path

    db = database_path(data_dir).resolve()
    own = {db, *(db.with_name(db.name + end) for end in ("-wal", "-shm", "-journal"))}
    resolved = target.resolve()
    if resolved in own or (data_dir / "photos").resolve() in resolved.parents:
        raise UsageError(
            f"{target}: is porecare's own data in {data_dir}; choose another file name"
        )


def _parse_weeks(text: str) -> int:
    from porecare.plan import MAX_WEEKS

    value = text.strip()
    # ASCII digits only: str.isdigit() also accepts '²' and other digits int() cannot read
    if not _WEEKS.fullmatch(value) or not 1 <= int(value) <= MAX_WEEKS:
        raise UsageError(f"--weeks is {text!r}; allowed: a whole number 1..{MAX_WEEKS}")
    return int(value)


def _parse_start(text: str | None) -> date:
    if text is None:
        return date.today()
    try:
        if not _DATE.fullmatch(text.strip()):
            raise ValueError
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(
            f"--start is {text!r}; allowed: a real date as YYYY-MM-DD, e.g. 2026-12-07"
        ) from None


@click.command(name="plan", cls=_Command)
@click.option(
    "--profile",
    "profile_path",
    metavar="FILE",
    help=(
        "Skin profile (TOML or JSON; default: <data dir>/profile.toml, which `porecare quiz` "
        "writes, else the profile `porecare setup` or `demo` stored)."
    ),
)
@click.option(
    "--weeks", default="4", metavar="N", show_default=True, help="How many weeks to plan (1..52)."
)
@click.option("--start", metavar="YYYY-MM-DD", help="First day of the plan (default: today).")
@click.option("--why", is_flag=True, help="Show why each step is there and its source.")
@click.option(
    "--no-products",
    is_flag=True,
    help="Attach no products (default: your shelf first, then the starter catalog).",
)
@json_option
@pass_app
def plan(
    app: AppContext,
    profile_path: str | None,
    weeks: str,
    start: str | None,
    why: bool,
    no_products: bool,
    as_json: bool,
) -> None:
    """Turn a skin profile into a dated AM/PM routine that keeps every rule of the method."""
    from porecare.plan import build_plan
    from porecare.plan._render import render_plan
    from porecare.profile import load_profile

    n_weeks = _parse_weeks(weeks)
    first = _parse_start(start)
    profile = load_profile(profile_path) if profile_path else your_profile(app.data_dir)
    if profile is None:
        raise missing_profile(app.data_dir, stored_too=True)
    if no_products:
        result = build_plan(profile, start=first, weeks=n_weeks)
    else:
        from porecare.ingredients._choose import attach_for_plan, shelf_notes

        choices = attach_for_plan(profile, app.data_dir)  # read-only; no database is created
        result = build_plan(profile, start=first, weeks=n_weeks, products=choices.attachments)
        result = shelf_notes(result, choices)
    emit(result.to_dict() if as_json else result, as_json, lambda p: render_plan(p, why=why))


@click.command(name="facts", cls=_Command)
@json_option
def facts(as_json: bool) -> None:
    """What the method says about pores, each with its source."""
    from porecare.knowledge._facts import facts as load_facts
    from porecare.plan._render import render_facts

    items = load_facts()
    emit({"facts": [f.to_dict() for f in items]} if as_json else items, as_json, render_facts)


# --- quiz --------------------------------------------------------------------------------------

_QUESTIONS: list[tuple[str, str, str]] = [
    ("skin_type", "Your skin type", "oily | dry | combination | normal"),
    ("sensitive", "Does your skin sting, redden or itch easily?", "y/n"),
    ("acne_prone", "Do you get acne or clogged pores often?", "y/n"),
    ("age", "Your age", "12..110"),
    ("makeup_days_per_week", "On how many days a week do you wear makeup?", "0..7"),
    ("wears_sunscreen", "Do you wear sunscreen most days?", "y/n"),
    ("pregnant_or_breastfeeding", "Are you pregnant or breastfeeding?", "y/n"),
    (
        "retinoid_experience",
        "Your experience with retinoids (retinol etc.)",
        "none | some | tolerant",
    ),
    ("microneedling_interest", "Are you interested in microneedling?", "y/n"),
    ("concerns", "What concerns you, comma-separated", "short phrases"),
]
_YES = {"y", "yes", "true", "1"}
_NO = {"n", "no", "false", "0"}


def _convert(name: str, answer: str) -> Any:
    from porecare.profile import Profile

    text = answer.strip().lower()
    if name == "age" or name == "makeup_days_per_week":
        value: Any = int(text) if text.lstrip("-").isdigit() else text
    elif name in ("skin_type", "retinoid_experience"):
        value = text
    elif name == "concerns":
        value = [part.strip() for part in answer.split(",") if part.strip()]
    else:
        value = True if text in _YES else False if text in _NO else text
    defaults = _default_values()
    # validate one field through the profile model (the one home of what is allowed)
    Profile.from_mapping({**defaults, name: value}, where="answer")
    return value


def _default_values() -> dict[str, Any]:
    from porecare.profile import sample_profile

    return sample_profile().to_dict()


def _ask(name: str, question: str, allowed: str, default: Any, stream: Any) -> Any:
    if isinstance(default, bool):
        shown = "y" if default else "n"
    elif isinstance(default, list):
        shown = ", ".join(default)
    else:
        shown = str(default)
    for _ in range(5):
        click.echo(f"{question} [{allowed}] ({shown}): ", nl=False, err=True)
        line = stream.readline()
        if not line:  # end of piped input: keep the default
            click.echo("", err=True)
            return default
        if not line.strip():
            return default
        try:
            return _convert(name, line)
        except ProfileError as exc:  # say what is allowed and ask again
            click.echo(f"  {str(exc).removeprefix('answer: ')}", err=True)
    raise UsageError(f"quiz: no valid answer for {name!r} after 5 tries; allowed: {allowed}")


@click.command(name="quiz", cls=_Command)
@click.option(
    "--output",
    "output",
    metavar="FILE",
    help="Where to write the profile (default: <data dir>/profile.toml).",
)
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
@json_option
@pass_app
def quiz(app: AppContext, output: str | None, force: bool, as_json: bool) -> None:
    """Answer a few questions (Enter keeps the default) and write a skin profile."""
    from porecare.profile import Profile, profile_to_toml

    path = Path(output) if output else app.data_dir / "profile.toml"
    refuse_own_data(path, app.data_dir)
    if path.exists() and not force:
        raise UsageError(
            f"{path}: already exists; use --force to replace it or --output for another file"
        )
    defaults = _default_values()
    answers = {
        name: _ask(name, q, allowed, defaults[name], sys.stdin) for name, q, allowed in _QUESTIONS
    }
    profile = Profile.from_mapping(answers, where="quiz")
    _write_atomically(path, profile_to_toml(profile))
    result = {
        "profile": profile.to_dict(),
        "path": str(path),
        "default": path == app.data_dir / "profile.toml",
    }
    emit(result, as_json, _render_quiz)


def _render_quiz(result: dict[str, Any]) -> str:
    path = Path(result["path"])
    default = path.name == "profile.toml"  # the file plan and setup read without --profile
    option = "" if default and result.get("default") else f" --profile {path}"
    return f"Wrote {path}\nNext: porecare setup{option} (or porecare plan{option} to preview it)"


def profile_file_or_default(given: str | None, data_dir: Path) -> str:
    """``--profile`` as given, else the profile ``porecare quiz`` wrote into the data dir."""
    if given:
        return given
    default = data_dir / "profile.toml"
    if default.is_file():
        return str(default)
    raise missing_profile(data_dir)


def missing_profile(data_dir: Path, *, stored_too: bool = False) -> UsageError:
    """The error for a command that needs a profile and was given none."""
    stored = " and no stored profile" if stored_too else ""
    sample = ", store the sample with `porecare demo`" if stored_too else ""
    return UsageError(
        f"--profile FILE is required: no {data_dir / 'profile.toml'} yet{stored} (write one "
        f"with `porecare quiz`{sample}, or give a .toml or .json skin profile)"
    )


def your_profile(data_dir: Path) -> Profile | None:
    """The user's profile without ``--profile``: ``<data dir>/profile.toml`` (the quiz's),
    else the latest one ``setup`` or ``demo`` stored, else None. Nothing is created."""
    from porecare.journal import Journal
    from porecare.paths import database_path
    from porecare.profile import load_profile

    if (data_dir / "profile.toml").is_file():
        return load_profile(data_dir / "profile.toml")
    if not database_path(data_dir).exists():
        return None
    with Journal(data_dir) as journal:
        try:
            return journal.profile()
        except UsageError:  # a database without a profile (products only)
            return None


def _write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
