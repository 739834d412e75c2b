"""Server-rendered SVG charts (no JavaScript, no chart library, allowed by the CSP).

Colours come from CSS classes (``.series``, ``.bar``, ``.band``), not inline styles, so the
strict ``style-src 'self'`` policy holds and dark mode applies. Every chart has a ``<title>``
and ``<desc>`` and a data table beside it in the page for screen readers.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

from markupsafe import Markup

__all__ = ["Point", "bar_chart", "line_chart", "progress_charts"]

WIDTH, HEIGHT = 420, 200
#: The pore metrics charted on the Progress page, in this order, when present.
KEY_METRICS = ("density_per_cm2", "median_diameter_mm", "area_fraction_pct", "visibility", "count")
LEFT, RIGHT, TOP, BOTTOM = 52, 10, 12, 28


@dataclass(frozen=True)
class Point:
    label: str
    value: float
    error: float = 0.0


def _frame(title: str, desc: str, body: list[str]) -> Markup:
    uid = f"c{zlib.crc32((title + desc).encode()):08x}"
    head = (
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{uid}t {uid}d" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{uid}t">{escape(title)}</title><desc id="{uid}d">{escape(desc)}</desc>'
    )
    return Markup(head + "".join(body) + "</svg>")


def _y_axis(low: float, high: float, unit: str) -> tuple[list[str], float, float]:
    plot_h = HEIGHT - TOP - BOTTOM
    span = (high - low) or 1.0
    digits = _digits(span / 4)
    body = []
    for i in range(5):
        value = low + span * i / 4
        y = TOP + plot_h - plot_h * i / 4
        body.append(
            f'<line class="axis" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>'
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">'
            f"{value:.{digits}f}{unit}</text>"
        )
    return body, low, span


def _digits(step: float) -> int:
    """Decimals that tell apart ticks ``step`` apart (0 for 1 and more, 2 for 0.01 ...)."""
    import math

    return 0 if step >= 1 else min(6, 1 - math.floor(math.log10(step)))


def _fmt(value: float) -> str:
    return f"{value:.0f}" if abs(value) >= 10 or value == int(value) else f"{value:.3g}"


def _x_labels(labels: Sequence[str], xs: Sequence[float]) -> list[str]:
    step = max(1, len(labels) // 6)
    return [
        f'<text x="{x:.1f}" y="{HEIGHT - 10}" text-anchor="middle">{escape(label)}</text>'
        for i, (label, x) in enumerate(zip(labels, xs, strict=True))
        if i % step == 0 or i == len(labels) - 1
    ]


def bar_chart(
    points: Sequence[Point], *, title: str, desc: str, unit: str = "%", top: float = 100
) -> Markup:
    """Bars from 0 to ``top`` (e.g. weekly adherence in %)."""
    body, _, span = _y_axis(0.0, top, unit)
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    n = max(len(points), 1)
    slot = min(plot_w / n, 60.0)  # one week is a bar, not a wall
    xs = []
    for i, point in enumerate(points):
        h = plot_h * max(0.0, min(point.value, top)) / span
        x = LEFT + slot * i + slot * 0.15
        xs.append(x + slot * 0.35)
        body.append(
            f'<rect class="bar" x="{x:.1f}" y="{TOP + plot_h - h:.1f}" width="{slot * 0.7:.1f}" '
            f'height="{h:.1f}"><title>{escape(point.label)}: {_fmt(point.value)}{unit}</title></rect>'
        )
    body.extend(_x_labels([p.label for p in points], xs))
    return _frame(title, desc, body)


def line_chart(points: Sequence[Point], *, title: str, desc: str, unit: str = "") -> Markup:
    """A line with an uncertainty band (``error`` each side) over evenly spaced labels."""
    values = [p.value for p in points]
    lows = [p.value - p.error for p in points]
    highs = [p.value + p.error for p in points]
    low, high = min(lows, default=0.0), max(highs, default=1.0)
    pad = (high - low) * 0.1 or abs(high) * 0.1 or 1.0
    body, low, span = _y_axis(low - pad, high + pad, unit)
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM

    def y(value: float) -> float:
        return TOP + plot_h - plot_h * (value - low) / span

    n = len(points)
    xs = [LEFT + plot_w * (i + 0.5) / max(n, 1) for i in range(n)]
    if n:
        upper = " ".join(f"{x:.1f},{y(v):.1f}" for x, v in zip(xs, highs, strict=True))
        lower = " ".join(
            f"{x:.1f},{y(v):.1f}" for x, v in reversed(list(zip(xs, lows, strict=True)))
        )
        body.append(f'<polygon class="band" points="{upper} {lower}"/>')
        line = " ".join(f"{x:.1f},{y(v):.1f}" for x, v in zip(xs, values, strict=True))
        body.append(f'<polyline class="series" points="{line}"/>')
        for x, point in zip(xs, points, strict=True):
            body.append(
                f'<circle class="point" cx="{x:.1f}" cy="{y(point.value):.1f}" r="4">'
                f"<title>{escape(point.label)}: {_fmt(point.value)}{unit}"
                f"{f' ± {_fmt(point.error)}' if point.error else ''}</title></circle>"
            )
    body.extend(_x_labels([p.label for p in points], xs))
    return _frame(title, desc, body)


def _short(day: str) -> str:
    return day[5:] if len(day) == 10 else day


def progress_charts(progress: dict[str, Any]) -> dict[str, Any]:
    """The charts of the Progress page, from ``Progress.to_dict()``."""
    from porecare.web._render import metric_label

    charts: dict[str, Any] = {}
    weeks = progress["adherence"].get("per_week") or []
    charts["weekly"] = bar_chart(
        [Point(f"W{w['week']}", 100 * (w["rate"] or 0.0)) for w in weeks],
        title="Adherence per week",
        desc="Share of planned steps done in each week of the plan, in percent.",
    )
    daily = (progress.get("daily") or [])[-28:]
    charts["daily"] = bar_chart(
        [
            Point(_short(d["date"]), 100 * d["done"] / d["planned"] if d["planned"] else 0.0)
            for d in daily
        ],
        title="Adherence per day (last 4 weeks)",
        desc="Share of planned steps done each day, in percent.",
    )
    photos = progress.get("pores", {}).get("photos") or []
    names: list[str] = []
    for photo in photos:
        names.extend(n for n in photo["metrics"] if n not in names)
    key = [n for n in KEY_METRICS if n in names]
    names = key or names
    charts["pores"] = [
        (
            name,
            line_chart(
                [
                    Point(
                        _short(p["date"]),
                        float(p["metrics"][name]["value"]),
                        float(p["metrics"][name].get("plus_minus") or 0.0),
                    )
                    for p in photos
                    if name in p["metrics"]
                ],
                title=metric_label(name),
                desc=f"{metric_label(name)} in each photo, with its measurement noise as a band.",
            ),
        )
        for name in names
    ]
    return charts
