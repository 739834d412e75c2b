"""Page latency of the local web app under concurrent clients, beside a static file.

Starts the real server (``python -m porecare serve``) on a free loopback port over a fresh data
folder with the sample profile set up, then runs N concurrent clients (asyncio + httpx, one
keep-alive connection each) on loopback. Each client requests the plan page, the Today page
and a static file (``/static/app.css``, the baseline: the cheapest response the same server
gives) in turn, after one warm-up request per page (its time is printed: the one-time cost of
compiling templates and importing modules). The run is bounded by request count and wall time.

"server" columns are the app's own time per request (its ``Server-Timing`` header: from the
request reaching the app to the response head), the rest is queueing and transport.

Two load shapes are reported:
- ``closed``: every client sends its next request as soon as the last one is answered (a
  stress test: 50 requests always in flight);
- ``paced``: every client waits ``--think`` seconds between requests (50 people using the
  app at once, each clicking far faster than a person would).

Goal (issue 6): p95 <= 50 ms for the plan and Today pages with 50 clients.

    python bench/web_latency.py [--clients 50] [--requests 20] [--think 0.25] [--max-seconds 60]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PATHS = {"plan": "/plan", "today": "/today", "static": "/static/app.css"}


def start_server(data_dir: Path) -> tuple[subprocess.Popen[bytes], str]:
    from porecare.journal import Journal
    from porecare.profile import sample_profile

    with Journal(data_dir) as journal:
        journal.setup(sample_profile())
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "porecare",
            "--data-dir",
            str(data_dir),
            "serve",
            "--port",
            "0",
            "--json",
        ],
        stdout=subprocess.PIPE,
    )
    assert proc.stdout is not None
    text = ""
    while not text.rstrip().endswith("}"):
        line = proc.stdout.readline().decode()
        if not line:
            raise SystemExit("the server exited before it was ready")
        text += line
    return proc, str(json.loads(text)["url"]).rstrip("/")


async def _get(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, host: str, path: str
) -> tuple[int, float | None]:
    """One keep-alive HTTP/1.1 GET; returns the status and the server's own time (ms).

    A raw client, because an HTTP library costs more CPU per request than the pages do, and
    the clients share this machine's two cores with the server.
    """
    writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    length, server_ms = 0, None
    for line in lines[1:]:
        name, _, value = line.partition(":")
        name = name.lower()
        if name == "content-length":
            length = int(value)
        elif name == "server-timing" and "dur=" in value:
            server_ms = float(value.split("dur=")[1].split(";")[0].split(",")[0])
    await reader.readexactly(length)
    return status, server_ms


async def client(
    base: str,
    requests: int,
    think: float,
    deadline: float,
    out: dict[str, list[float]],
    server: dict[str, list[float]],
) -> None:
    host_port = base.split("://", 1)[1]
    host, port = host_port.rsplit(":", 1)
    reader, writer = await asyncio.open_connection(host, int(port))
    try:
        for _ in range(requests):
            for name, path in PATHS.items():
                if time.perf_counter() > deadline:
                    return
                t0 = time.perf_counter()
                status, server_ms = await _get(reader, writer, host_port, path)
                elapsed = time.perf_counter() - t0
                if status != 200:
                    raise SystemExit(f"{path}: HTTP {status}")
                out[name].append(elapsed * 1000)
                if server_ms is not None:
                    server[name].append(server_ms)
                if think:
                    await asyncio.sleep(think)
    finally:
        writer.close()


async def warm_up(base: str) -> dict[str, float]:
    """One request per page before measuring: the server's one-time start-up costs."""
    host_port = base.split("://", 1)[1]
    host, port = host_port.rsplit(":", 1)
    reader, writer = await asyncio.open_connection(host, int(port))
    cold = {}
    try:
        for name, path in PATHS.items():
            t0 = time.perf_counter()
            await _get(reader, writer, host_port, path)
            cold[name] = (time.perf_counter() - t0) * 1000
    finally:
        writer.close()
    return cold


async def run(
    base: str, clients: int, requests: int, think: float, max_seconds: float
) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    out: dict[str, list[float]] = {name: [] for name in PATHS}
    server: dict[str, list[float]] = {name: [] for name in PATHS}
    deadline = time.perf_counter() + max_seconds
    await asyncio.gather(
        *(client(base, requests, think, deadline, out, server) for _ in range(clients))
    )
    return out, server


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def report(
    label: str, out: dict[str, list[float]], server: dict[str, list[float]], seconds: float
) -> None:
    total = sum(len(v) for v in out.values())
    print(f"\n{label}: {total} requests in {seconds:.1f} s ({total / seconds:.0f} req/s)")
    print(
        f"  {'page':<8} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} "
        f"{'server p50':>11} {'server p95':>11}   goal p95 <= 50 ms"
    )
    for name, values in out.items():
        if not values:
            continue
        p95 = pct(values, 0.95)
        verdict = "baseline" if name == "static" else ("met" if p95 <= 50 else "NOT met")
        s50 = f"{statistics.median(server[name]):.2f}" if server[name] else "-"
        s95 = f"{pct(server[name], 0.95):.2f}" if server[name] else "-"
        print(
            f"  {name:<8} {len(values):>6} {statistics.median(values):>8.1f} {p95:>8.1f} "
            f"{max(values):>8.1f} {s50:>11} {s95:>11}   {verdict}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=20, help="rounds per client (3 GETs each)")
    parser.add_argument(
        "--think", type=float, default=0.25, help="paced run: seconds between requests"
    )
    parser.add_argument("--max-seconds", type=float, default=60.0, help="wall-time cap per run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="porecare-bench-") as tmp:
        proc, base = start_server(Path(tmp) / "data")
        try:
            print(f"server {base}; {args.clients} concurrent clients on loopback")
            cold = asyncio.run(warm_up(base))
            print(
                "first request after start (templates compiled, modules imported): "
                + ", ".join(f"{k} {v:.0f} ms" for k, v in cold.items())
            )
            print(f"machine load average before the run: {os.getloadavg()[0]:.2f} (2 cores)")
            for label, think in (
                ("closed (no think time)", 0.0),
                (f"paced ({args.think} s think)", args.think),
            ):
                t0 = time.perf_counter()
                out, server = asyncio.run(
                    run(base, args.clients, args.requests, think, args.max_seconds)
                )
                report(label, out, server, time.perf_counter() - t0)
        finally:
            proc.terminate()
            proc.wait(timeout=10)


if __name__ == "__main__":
    main()
