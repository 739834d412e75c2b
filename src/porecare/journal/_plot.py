"""Draw progress: daily/weekly adherence above pore metrics (change vs the first photo, with
noise bars), sharing one time axis. matplotlib's Agg backend: no display needed.
"""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from porecare.journal._progress import Progress

__all__ = ["plot_progress"]


def plot_progress(progress: Progress) -> bytes:
    """Return the PNG bytes of the progress figure (callers choose where matplotlib caches)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    data = progress.to_dict()
    fig, (top, bottom) = plt.subplots(2, 1, sharex=True, figsize=(9, 6.5), dpi=110)
    _adherence(top, data)
    _pores(bottom, data)
    bottom.set_xlabel("date")
    fig.autofmt_xdate()
    fig.suptitle("porecare progress: adherence and pore metrics over time")
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    plt.close(fig)
    return buffer.getvalue()


def _adherence(ax: Any, data: dict[str, Any]) -> None:
    days = [date.fromisoformat(d["date"]) for d in data["daily"]]
    rates = [d["done"] / d["planned"] * 100 if d["planned"] else 0.0 for d in data["daily"]]
    ax.bar(days, rates, width=0.8, color="#9cc3e6", label="steps done per day (%)")
    weeks = data["adherence"]["per_week"]
    if weeks:
        mids = [date.fromisoformat(w["start"]) + timedelta(days=3) for w in weeks]
        ax.plot(
            mids,
            [(w["rate"] or 0) * 100 for w in weeks],
            "o-",
            color="#1f4e79",
            label="weekly adherence (%)",
        )
    ax.axhline(80, color="grey", linestyle=":", linewidth=1, label="80 % (rule threshold)")
    ax.set_ylim(0, 105)
    ax.set_ylabel("adherence (%)")
    ax.legend(loc="best", fontsize=8, framealpha=0.9)


def _pores(ax: Any, data: dict[str, Any]) -> None:
    from porecare.journal._labels import metric_label

    photos = data["pores"]["photos"]
    ax.axhline(0, color="grey", linewidth=1)
    if not photos:
        ax.text(0.5, 0.5, "no photos yet", transform=ax.transAxes, ha="center", va="center")
        ax.set_ylabel("pore metrics: change vs first photo (%)")
        return
    first = photos[0]["metrics"]
    for name, base in first.items():
        if not base["value"]:
            continue
        points = [
            (date.fromisoformat(p["date"]), p["metrics"][name])
            for p in photos
            if name in p["metrics"]
        ]
        xs = [d for d, _ in points]
        ys = [(m["value"] / base["value"] - 1) * 100 for _, m in points]
        errs = [
            abs(m["value"] / base["value"]) * m["rel_noise"] * 100 if m["rel_noise"] else 0.0
            for _, m in points
        ]
        ax.errorbar(xs, ys, yerr=errs, marker="o", capsize=3, label=metric_label(name))
    ax.set_ylabel("pore metrics: change vs first photo (%)\n(bars: measurement noise, 1 SD)")
    ax.legend(loc="best", fontsize=8)
