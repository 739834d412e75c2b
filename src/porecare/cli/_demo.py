"""``porecare demo``: the main job on the embedded default.

Stores the bundled sample profile (only when the data folder has none), prints today's routine,
then serves the local web app on 127.0.0.1.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import click

from porecare.cli._common import AppContext, emit, json_option, pass_app
from porecare.cli._plan import _Command


@click.command(
    cls=_Command,
    help="Set up the sample profile (if none yet), print today's routine, open the app.",
)
@click.option("--serve/--no-serve", default=True, show_default=True, help="Start the web app.")
@click.option("--port", default=8765, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--open/--no-open",
    "open_browser",
    default=True,
    show_default=True,
    help="Open the app in the default browser.",
)
@json_option
@pass_app
def demo(app: AppContext, serve: bool, port: int, open_browser: bool, as_json: bool) -> None:
    summary = prepare_demo(app)
    from porecare.cli._journal import render_day

    emit(summary, as_json, lambda s: _render(s, render_day))
    if serve:
        from porecare.web import run_server

        run_server(app.data_dir, port=port, open_browser=open_browser)


def prepare_demo(app: AppContext) -> dict[str, Any]:
    """Store the sample profile unless a profile exists; return today's adapted routine."""
    from porecare.errors import UsageError
    from porecare.journal import Journal
    from porecare.profile import sample_profile

    with Journal(app.data_dir) as journal:
        created = False
        try:
            journal.profile()
        except UsageError:
            journal.setup(sample_profile(), start=date.today())
            created = True
        try:
            today: dict[str, Any] | None = journal.today(date.today()).to_dict()
            problem = None
        except UsageError as exc:  # the stored plan ended (or starts later): still serve the app
            today, problem = None, str(exc)
    summary = {"data_dir": str(app.data_dir), "created_sample_profile": created, "today": today}
    if problem:
        summary["problem"] = problem
    return summary


def _render(summary: dict[str, Any], render_day: Any) -> str:
    head = (
        f"Set up the sample profile in {summary['data_dir']}."
        if summary["created_sample_profile"]
        else f"Using the profile already in {summary['data_dir']}."
    )
    if summary["today"] is None:
        return f"{head}\n\nNo routine for today: {summary.get('problem', '')}"
    return f"{head}\n\n{render_day(summary['today'])}"
