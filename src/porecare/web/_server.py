"""Run the app with uvicorn on loopback by default."""

from __future__ import annotations

import ipaddress
import os
import socket
import sys
import threading
import webbrowser
from collections.abc import Callable
from pathlib import Path
from typing import Any

from porecare.errors import UsageError

__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "is_loopback", "run_server"]

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765


def is_loopback(host: str) -> bool:
    """True for names and addresses that only this machine can reach."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _bind(host: str, port: int) -> socket.socket:
    # Bind here rather than in uvicorn so "port in use" is one clear line, not a log trace.
    try:
        infos = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise UsageError(f"--host {host!r}: unknown address ({exc.strerror})") from None
    family, _, _, _, address = infos[0]
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
    except OSError as exc:
        sock.close()
        raise UsageError(
            f"cannot listen on {host}:{port} ({exc.strerror}); choose another --port"
        ) from None
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def run_server(
    data_dir: str | os.PathLike[str],
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    open_browser: bool = False,
    *,
    announce: Callable[[dict[str, Any]], None] | None = None,
) -> None:
    """Serve the app for ``data_dir`` until Ctrl-C.

    A non-loopback ``host`` exposes the journal (photos included) to the network; a warning
    goes to stderr and the ``Host`` check then accepts any name. ``announce`` is called with
    ``{"url", "host", "port", "data_dir"}`` once the socket is bound.
    """
    loopback = is_loopback(host)
    if not loopback:
        print(
            f"porecare: warning: serving on {host}, reachable from other machines; your journal "
            "and photos have no password. Use --host 127.0.0.1 to keep them on this machine.",
            file=sys.stderr,
        )
    sock = _bind(host, port)
    port = sock.getsockname()[1]
    import uvicorn

    from porecare.web._app import create_app

    app = create_app(Path(data_dir), allowed_hosts=None if loopback else ())
    shown = f"[{host.strip('[]')}]" if ":" in host else host
    url = f"http://{shown}:{port}/"
    info = {"url": url, "host": host, "port": port, "data_dir": str(data_dir)}
    print(f"porecare: serving {data_dir} at {url} (Ctrl-C stops)", file=sys.stderr, flush=True)
    if announce is not None:
        announce(info)
    if open_browser:
        threading.Timer(0.8, webbrowser.open, args=(url,)).start()
    config = uvicorn.Config(
        app, log_level="warning", access_log=False, server_header=False, proxy_headers=False
    )
    server = uvicorn.Server(config)
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
