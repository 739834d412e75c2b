"""The ``porecare`` command line: a thin edge over the library.

Sub-commands live in capability modules (``_plan``, ``_products``, ``_pores``, ``_journal``,
``_web``, ``_demo``) and are imported only when used, so ``porecare --help`` stays instant.
Every :class:`~porecare.errors.PorecareError` becomes one line on stderr and exit status 1.
"""

from __future__ import annotations

import importlib
from typing import Any

import click

from porecare.cli._common import AppContext

__all__ = ["main"]

# name -> (module, attribute, one-line help). Help is here so listing commands imports nothing.
COMMANDS: dict[str, tuple[str, str, str]] = {
    "demo": ("_demo", "demo", "Set up the sample profile and open the app (the main job)."),
    "quiz": ("_plan", "quiz", "Answer a few questions and write a skin profile."),
    "plan": ("_plan", "plan", "Turn a skin profile into a dated AM/PM routine."),
    "facts": ("_plan", "facts", "What the method says about pores, with sources."),
    "check": ("_products", "check", "Read an ingredient list and judge the product."),
    "products": ("_products", "products", "Your shelf: add, list and remove products."),
    "catalog": ("_products", "catalog", "Find products in the catalog by name or brand."),
    "data": ("_products", "data", "Import ingredient and product data files."),
    "analyze": ("_pores", "analyze", "Count and size pores in a photo."),
    "compare": ("_pores", "compare", "Compare the pore metrics of two photos."),
    "setup": ("_journal", "setup", "Store a profile and start its plan."),
    "today": ("_journal", "today", "Today's AM and PM checklist."),
    "log": ("_journal", "log", "Check off (or skip) steps of a day's routine."),
    "diary": ("_journal", "diary", "Record oiliness, breakouts and irritation for a day."),
    "photo": ("_journal", "photo", "Store a photo and its pore analysis in the journal."),
    "photos": ("_journal", "photos", "List the stored photos and their pore measurements."),
    "progress": ("_journal", "progress", "Adherence, diary trends and pore metrics over time."),
    "reminders": ("_journal", "reminders", "Write the plan as calendar events (.ics)."),
    "export": ("_journal", "export", "Export everything to one JSON file."),
    "import": ("_journal", "import_", "Import a JSON export into an empty data folder."),
    "serve": ("_web", "serve", "Run the local web app."),
}


class LazyGroup(click.Group):
    """A group whose commands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module_name, attr, _ = COMMANDS[cmd_name]
        try:
            module = importlib.import_module(f"porecare.cli.{module_name}")
        except ModuleNotFoundError as exc:
            if exc.name and exc.name.startswith("porecare"):
                return _unavailable(cmd_name)
            raise
        command = getattr(module, attr, None)
        return command if isinstance(command, click.Command) else _unavailable(cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, help_) for name, (_, _, help_) in COMMANDS.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        from porecare.cli._common import run_guarded

        return run_guarded(lambda: super(LazyGroup, self).invoke(ctx))


def _unavailable(name: str) -> click.Command:
    @click.command(name=name, help=COMMANDS[name][2])
    def missing() -> None:
        raise click.ClickException(f"'{name}' is not available in this build")

    return missing


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--data-dir",
    type=str,  # checked where it is used, so a bad one is one line (not a usage block)
    default=None,
    help="Data folder (default: $PORECARE_HOME, else the platform's user data dir).",
)
@click.version_option(package_name="porecare")
@click.pass_context
def main(ctx: click.Context, data_dir: str | None) -> None:
    """porecare: keep pores clear and less visible with a routine that works, and see if it does.

    Pores can't be made to disappear; this tool helps keep them clear and measures the change.
    """
    ctx.obj = AppContext(data_dir_override=data_dir)
