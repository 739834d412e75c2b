"""Helpers shared by the CLI commands: the app context, output and error handling."""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import click

from porecare.errors import PorecareError

__all__ = ["AppContext", "emit", "json_option", "pass_app", "run_guarded"]

T = TypeVar("T")


@dataclass
class AppContext:
    data_dir_override: str | None = None

    @property
    def data_dir(self) -> Path:
        from porecare.paths import resolve_data_dir

        return resolve_data_dir(self.data_dir_override)


pass_app = click.make_pass_decorator(AppContext, ensure=True)

json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")


def emit(data: Any, as_json: bool, render: Callable[[Any], str] | None = None) -> None:
    """Print ``data`` as JSON (``--json``) or through ``render`` for people."""
    if as_json:
        click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))
    else:
        click.echo(render(data) if render else str(data))


def fail(message: str) -> None:
    """Print one line on stderr and exit 1."""
    click.echo(f"porecare: error: {' '.join(str(message).split())}", err=True)
    sys.exit(1)


def run_guarded(action: Callable[[], T]) -> T:
    """Run ``action``, turning expected failures into one-line errors (never a traceback)."""
    try:
        return action()
    except click.UsageError as exc:
        # An unknown option or a bad value: one line, like every other error (click's own
        # report is a usage block).
        where = exc.ctx.command_path if exc.ctx is not None else "porecare"
        fail(f"{where}: {exc.format_message()} (see {where} --help)")
    except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
        raise  # click prints these itself
    except PorecareError as exc:
        fail(exc.message)
    except sqlite3.DatabaseError as exc:
        fail(f"database error: {exc}")
    except MemoryError:
        fail("out of memory: the input is too large")
    except OSError as exc:
        where = f" {exc.filename}" if getattr(exc, "filename", None) else ""
        fail(f"cannot access{where}: {exc.strerror or exc}")
    except KeyboardInterrupt:
        fail("interrupted")
    except Exception as exc:  # the last resort: a bug must still not print a traceback
        if os.environ.get("PORECARE_DEBUG"):
            raise
        fail(
            f"internal error ({type(exc).__name__}: {exc}); this is a porecare bug, please "
            "report it (set PORECARE_DEBUG=1 to see the traceback)"
        )
    raise AssertionError("unreachable")
