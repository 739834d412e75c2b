"""``porecare analyze`` and ``porecare compare``: pore measurement from photos.

Only click and the standard library at import time; the image stack loads inside the commands.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from porecare.cli._common import emit, json_option
from porecare.cli._plan import _Command

__all__ = ["analyze", "compare"]


@click.command(cls=_Command, help="Count and size pores in a photo (face photo or skin close-up).")
@click.argument("photo", type=click.Path(dir_okay=False, path_type=Path))
@json_option
@click.option(
    "--overlay",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the photo with regions and detected pores drawn on it (.png/.jpg/.webp).",
)
@click.option(
    "--px-per-mm",
    type=float,
    default=None,
    help="Scale at the skin (pixels per millimetre), e.g. from a ruler in a close-up.",
)
@click.option(
    "--mask",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Image of the photo's size marking the skin to measure (nonzero = skin).",
)
@click.option("--force", is_flag=True, help="Measure even when the photo fails the quality check.")
def analyze(
    photo: Path,
    as_json: bool,
    overlay: Path | None,
    px_per_mm: float | None,
    mask: Path | None,
    force: bool,
) -> None:
    from porecare.errors import UsageError
    from porecare.pores import analyze_photo, load_image, save_overlay
    from porecare.pores._overlay import check_overlay_path

    if px_per_mm is not None and not 0.5 <= px_per_mm <= 1000:
        raise UsageError(f"--px-per-mm must be between 0.5 and 1000, got {px_per_mm}")
    if overlay is not None:
        check_overlay_path(overlay)  # before the work, not after
    result = analyze_photo(photo, px_per_mm=px_per_mm, mask=mask, check_quality=not force)
    data = result.to_dict()
    if overlay is not None:
        save_overlay(load_image(photo).rgb, result, overlay)
        data["overlay"] = str(overlay)
    emit(data, as_json, _render_analysis)


@click.command(
    cls=_Command,
    help="Compare the pore metrics of two photos or saved analyses (A before, B after).",
)
@click.argument("a", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("b", type=click.Path(dir_okay=False, path_type=Path))
@json_option
@click.option("--px-per-mm", type=float, default=None, help="Scale for photos without a face.")
def compare(a: Path, b: Path, as_json: bool, px_per_mm: float | None) -> None:
    from porecare.pores import compare_analyses

    first = _analysis(a, px_per_mm)
    second = _analysis(b, px_per_mm)
    result = compare_analyses(first, second).to_dict()
    result["a"], result["b"] = str(a), str(b)
    emit(result, as_json, _render_comparison)


def _analysis(path: Path, px_per_mm: float | None) -> Any:
    """A saved ``analyze --json`` file, or a photo analysed now (quality not enforced)."""
    from porecare.pores import analyze_photo, load_analysis_file

    if path.suffix.lower() == ".json":
        return load_analysis_file(path)
    return analyze_photo(path, px_per_mm=px_per_mm)


def _fmt(value: Any, unit: str = "", digits: int = 2) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:.{digits}f}{unit}"
    return f"{value}{unit}"


def _render_analysis(data: dict[str, Any]) -> str:
    scale = data["scale"]
    lines = [
        f"{len(data['pores'])} pores in {data['image'].get('name', 'the photo')}",
        f"scale: {_fmt(scale['px_per_mm'])} px/mm ({scale['source']}"
        + (f", ±{scale['relative_uncertainty']:.1%}" if scale["relative_uncertainty"] else "")
        + ")",
        "",
        f"{'region':<12} {'count':>6} {'per cm²':>8} {'median mm':>10} {'area %':>7} {'visibility':>10}",
    ]
    for name, m in data["metrics"].items():
        if name != "overall" and m == data["metrics"].get("overall"):
            continue  # the whole frame is the only region: one row says it
        lines.append(
            f"{name:<12} {m['count']:>6} {_fmt(m['density_per_cm2'], digits=1):>8} "
            f"{_fmt(m['median_diameter_mm'], digits=3):>10} {_fmt(m['area_fraction_pct']):>7} "
            f"{_fmt(m['visibility'], digits=1):>10}"
        )
    quality = data["quality"]
    lines += ["", f"quality: {'ok' if quality['ok'] else 'below the limits'}"]
    lines += [f"  - {p['message']}: {p['hint']}" for p in quality["problems"]]
    lines += [f"warning: {w}" for w in data["warnings"]]
    lines += ["", "for photos you can compare:"] + [f"  - {g}" for g in quality["guidance"]]
    if data.get("overlay"):
        lines.append(f"overlay written to {data['overlay']}")
    return "\n".join(lines)


def _render_comparison(data: dict[str, Any]) -> str:
    from porecare.journal._labels import metric_label, metric_value

    lines = [
        f"{data['a']} (before) -> {data['b']} (after)",
        "a change counts only when it exceeds its uncertainty (± 2 sigma of the measurement noise)",
        "",
    ]
    for name, c in data["changes"].items():
        label = metric_label(name)
        if c["change"] is None:
            lines.append(f"{label:<28} not available")
            continue
        rel = f"{c['relative_change']:+.1%}" if c["relative_change"] is not None else ""
        sign = "+" if c["change"] >= 0 else "-"
        lines.append(
            f"{label:<28} {metric_value(name, c['a']):>12} -> {metric_value(name, c['b']):>12}  "
            f"{sign}{metric_value(name, abs(c['change']))} ± {metric_value(name, c['uncertainty'])}"
            f" {rel:>7}  {c['verdict']}"
        )
    measurable = [
        f"{metric_label(n)} {c['verdict']} ({c['relative_change']:+.1%})"
        for n, c in data["changes"].items()
        if c.get("measurable") and c.get("relative_change") is not None
    ]
    summary = f"measurable change: {', '.join(measurable)}" if measurable else data["summary"]
    lines += ["", summary]
    lines += [f"warning: {w}" for w in data["warnings"]]
    return "\n".join(lines)
