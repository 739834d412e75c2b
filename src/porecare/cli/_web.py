"""``porecare serve``: run the local web app."""

from __future__ import annotations

import click

from porecare.cli._common import AppContext, emit, json_option, pass_app

__all__ = ["serve"]


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8765,
    show_default=True,
    help="Port (0: any free port, printed at start).",
)
@click.option("--open", "open_browser", is_flag=True, help="Open the app in the web browser.")
@json_option
@pass_app
def serve(app: AppContext, host: str, port: int, open_browser: bool, as_json: bool) -> None:
    """Run the local web app (binds 127.0.0.1 unless --host says otherwise).

    With --json, one JSON line with the URL and data folder is printed once it is bound.
    """
    from porecare.web import run_server

    def announce(info: dict[str, object]) -> None:
        if as_json:
            emit(info, True)

    run_server(app.data_dir, host=host, port=port, open_browser=open_browser, announce=announce)
