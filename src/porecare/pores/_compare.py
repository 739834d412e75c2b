"""Compare two pore analyses, with an uncertainty from the method's own repeatability."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from porecare.errors import UsageError
from porecare.pores._analyze import PoreAnalysis

__all__ = ["REPEATABILITY", "SCALE_POWER", "Comparison", "MetricChange", "compare_analyses"]

#: Relative noise (1 sigma) of each overall metric between two analyses of the same skin: the
#: RMS relative change under JPEG re-encoding (quality 85), brightness x0.85 and x1.15 and a
#: 3-degree rotation, over 12 synthetic patches (tones I-VI, seeds 7000-7011, disjoint from the
#: detector's training seeds) and the real close-up porenet-left: the 51 of 52 pairs the tool
#: measures (a very light patch brightened x1.15 clips into glare and is refused with a hint,
#: so no number reaches the user; with it, density would be 3.5 %). Measured by
#: ``bench/pores_repeatability.py`` on 2026-11-26 22:10 UTC with the detector of that time
#: (finest scale 1.2 px at 14 px/mm, noise level sampled off the JPEG block grid); rerun the
#: bench and update this table whenever the detector changes. JPEG re-encoding is the largest
#: part (-8 % count on the real close-up, whose faintest pores it blurs away; up to 12 % on
#: dark synthetic skin). It is a lower bound for photos retaken on another day
#: (repositioning, light); the scale's landmark jitter is added for the mm metrics.
REPEATABILITY: dict[str, float] = {
    "density_per_cm2": 0.029,
    "median_diameter_mm": 0.020,
    "mean_diameter_mm": 0.015,
    "area_fraction_pct": 0.029,
    "visibility": 0.019,
    "count": 0.029,
}
#: How each metric scales with px/mm (density ~ px², diameters ~ 1/px).
SCALE_POWER: dict[str, int] = {
    "density_per_cm2": 2,
    "median_diameter_mm": 1,
    "mean_diameter_mm": 1,
    "area_fraction_pct": 0,
    "visibility": 0,
    "count": 0,
}
#: A change counts as measurable outside this many sigmas (about 95 % two-sided).
COVERAGE = 2.0


@dataclass(frozen=True)
class MetricChange:
    """One metric before (``a``) and after (``b``)."""

    metric: str
    a: float | None
    b: float | None
    change: float | None
    relative_change: float | None
    uncertainty: float | None
    measurable: bool

    @property
    def verdict(self) -> str:
        if self.change is None:
            return "not available"
        if not self.measurable:
            return "no measurable change"
        return "lower" if self.change < 0 else "higher"

    def to_dict(self) -> dict[str, Any]:
        return {
            "metric": self.metric,
            "a": self.a,
            "b": self.b,
            "change": _r(self.change),
            "relative_change": _r(self.relative_change),
            "uncertainty": _r(self.uncertainty),
            "measurable": self.measurable,
            "verdict": self.verdict,
        }


@dataclass(frozen=True)
class Comparison:
    """Changes of the overall metrics from analysis ``a`` to analysis ``b``."""

    changes: list[MetricChange]
    warnings: list[str]

    @property
    def any_measurable(self) -> bool:
        return any(c.measurable for c in self.changes)

    def to_dict(self) -> dict[str, Any]:
        return {
            "changes": {c.metric: c.to_dict() for c in self.changes},
            "summary": self.summary(),
            "coverage_sigma": COVERAGE,
            "repeatability": dict(REPEATABILITY),
            "warnings": list(self.warnings),
        }

    def summary(self) -> str:
        moved = [c for c in self.changes if c.measurable]
        if not moved:
            return "no measurable change: every difference is inside the method's repeatability"
        parts = [
            f"{c.metric} {c.verdict} ({c.relative_change:+.1%})"
            for c in moved
            if c.relative_change is not None
        ]
        return "measurable change: " + ", ".join(parts)


def compare_analyses(a: PoreAnalysis, b: PoreAnalysis) -> Comparison:
    """Change of each overall metric from ``a`` to ``b`` and whether it exceeds the noise.

    The uncertainty of a change is ``COVERAGE`` times the 1-sigma noise of the difference:
    ``|a| * sqrt(r² + (p * j_a)² + (p * j_b)²)`` with ``r`` from :data:`REPEATABILITY`, ``p``
    the metric's power of the scale and ``j`` each photo's landmark jitter of the scale (zero
    when the scale was given). A change inside it is reported as "no measurable change".
    """
    if not isinstance(a, PoreAnalysis) or not isinstance(b, PoreAnalysis):
        raise UsageError("compare_analyses needs two PoreAnalysis objects")
    warnings = _warnings(a, b)
    changes = [_change(name, a, b) for name in REPEATABILITY]
    return Comparison(changes, warnings)


def _change(name: str, a: PoreAnalysis, b: PoreAnalysis) -> MetricChange:
    va, vb = a.overall.get(name), b.overall.get(name)
    if va is None or vb is None:
        return MetricChange(name, va, vb, None, None, None, False)
    power = SCALE_POWER[name]
    ja = (a.scale.jitter or 0.0) * power
    jb = (b.scale.jitter or 0.0) * power
    sigma = abs(va) * math.sqrt(REPEATABILITY[name] ** 2 + ja**2 + jb**2)
    change = vb - va
    uncertainty = COVERAGE * sigma
    relative = change / va if va else None
    measurable = abs(change) > uncertainty and not (va == 0 and vb == 0)
    return MetricChange(name, va, vb, change, relative, uncertainty, measurable)


def _warnings(a: PoreAnalysis, b: PoreAnalysis) -> list[str]:
    out = []
    if a.scale.source != b.scale.source:
        out.append(f"scales come from different sources ({a.scale.source} vs {b.scale.source})")
    if set(a.regions) != set(b.regions):
        out.append("the photos were measured over different regions; compare like with like")
    for label, analysis in (("A", a), ("B", b)):
        if not analysis.quality.ok:
            out.append(
                f"photo {label} failed the quality check: {', '.join(analysis.quality.hints())}"
            )
    return out


def _r(value: float | None) -> float | None:
    return None if value is None else round(float(value), 5)
