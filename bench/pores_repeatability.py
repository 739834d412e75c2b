"""How much do the pore metrics move when the same skin is photographed slightly differently?

Perturbations of one photo: JPEG re-encoding (quality 85), brightness x0.85 and x1.15, and a
3-degree rotation. Images: synthetic skin patches from ``porecare.pores._synthetic`` (known
pores, tones I-VI; a central disc measured) and the real labelled close-up ``../shared/data/pores/porenet-left`` (14 px/mm,
its skin mask). Goal: every metric moves <= 3 %. Two tables: every pair, and the pairs the
tool actually measures (a photo that fails the quality gate is refused with a hint, e.g. a
very light patch brightened x1.15 clips into glare, so no number reaches the user). The RMS
column of the second table is what ``porecare.pores._compare.REPEATABILITY`` holds.

Run: python3 bench/pores_repeatability.py [--patches N]
"""

from __future__ import annotations

import argparse
import io
import math
import sys
import time
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

from porecare.pores import analyze_photo
from porecare.pores._metrics import METRIC_NAMES
from porecare.pores._synthetic import synthetic_patch

REAL = Path(__file__).resolve().parents[2] / "shared" / "data" / "pores" / "porenet-left"


def jpeg(rgb: np.ndarray) -> np.ndarray:
    buffer = io.BytesIO()
    Image.fromarray(rgb).save(buffer, "JPEG", quality=85)
    return np.asarray(Image.open(buffer).convert("RGB"))


def brightness(factor: float):  # type: ignore[no-untyped-def]
    def apply(rgb: np.ndarray) -> np.ndarray:
        return np.clip(rgb.astype(np.float32) * factor + 0.5, 0, 255).astype(np.uint8)

    return apply


def rotate(rgb: np.ndarray, degrees: float = 3.0, nearest: bool = False) -> np.ndarray:
    rows, cols = rgb.shape[:2]
    matrix = cv2.getRotationMatrix2D((cols / 2, rows / 2), degrees, 1.0)
    flags = cv2.INTER_NEAREST if nearest else cv2.INTER_LINEAR
    return cv2.warpAffine(rgb, matrix, (cols, rows), flags=flags, borderMode=cv2.BORDER_REFLECT101)


PERTURBATIONS = {
    "jpeg q85": jpeg,
    "brightness x0.85": brightness(0.85),
    "brightness x1.15": brightness(1.15),
    "rotate 3 deg": rotate,
}


#: Reported too, to tell the skin mask's share of the noise from the detector's.
DIAGNOSTICS = ("skin_area_px",)
ROWS = METRIC_NAMES + DIAGNOSTICS


def metrics(rgb: np.ndarray, ppm: float, mask: np.ndarray | None) -> dict[str, float]:
    result = analyze_photo(_png(rgb), px_per_mm=ppm, mask=mask)
    out = {name: float(result.overall[name] or 0.0) for name in ROWS}
    out["quality_ok"] = float(result.quality.ok)
    return out


def _png(rgb: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(rgb).save(buffer, "PNG", compress_level=1)
    return buffer.getvalue()


def images(patches: int) -> list[tuple[str, np.ndarray, float, np.ndarray | None]]:
    out = []
    # The same skin must be measured before and after a rotation: a central disc for patches.
    yy, xx = np.mgrid[0:512, 0:512]
    disc = (yy - 255.5) ** 2 + (xx - 255.5) ** 2 <= (0.46 * 512) ** 2
    for seed in range(patches):
        patch = synthetic_patch(7000 + seed, size=(512, 512), px_per_mm=14.0, tone=seed % 6 + 1)
        out.append((f"synthetic #{seed} (tone {patch.tone})", patch.image, patch.px_per_mm, disc))
    if (REAL / "input.png").exists():
        rgb = np.asarray(Image.open(REAL / "input.png").convert("RGB"))
        mask = np.asarray(Image.open(REAL / "mask.png"))
        mask = (mask[..., 0] if mask.ndim == 3 else mask) > 127
        out.append(("real close-up porenet-left", rgb, 14.0, mask))
    else:
        print(f"(skipping the real close-up: {REAL} is absent)", file=sys.stderr)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--patches", type=int, default=12)
    args = parser.parse_args()
    changes: dict[str, dict[str, list[float]]] = {p: {m: [] for m in ROWS} for p in PERTURBATIONS}
    measured: dict[str, list[bool]] = {p: [] for p in PERTURBATIONS}
    started = time.perf_counter()
    for label, rgb, ppm, mask in images(args.patches):
        base = metrics(rgb, ppm, mask)
        line = [f"{label:<32} n={int(base['count']):>5}"]
        for pname, perturb in PERTURBATIONS.items():
            pmask = None
            if mask is not None:
                pmask = (
                    rotate(mask.astype(np.uint8) * 255, nearest=True) > 0
                    if pname.startswith("rotate")
                    else mask
                )
            moved = metrics(perturb(rgb), ppm, pmask)
            measured[pname].append(bool(base["quality_ok"] and moved["quality_ok"]))
            worst = 0.0
            for m in ROWS:
                rel = (moved[m] - base[m]) / base[m] if base[m] else 0.0
                changes[pname][m].append(rel)
                if m in METRIC_NAMES:
                    worst = max(worst, abs(rel))
            refused = "" if measured[pname][-1] else " (refused)"
            line.append(f"{pname}: {worst:5.1%}{refused}")
        print("  ".join(line))
    print(f"\n{time.perf_counter() - started:.1f} s\n")
    every = {p: [True] * len(measured[p]) for p in PERTURBATIONS}
    table("every pair", changes, every)
    refused = sum(not ok for p in PERTURBATIONS for ok in measured[p])
    table(f"pairs the tool measures ({refused} refused by the quality gate)", changes, measured)


def table(
    title: str, changes: dict[str, dict[str, list[float]]], use: dict[str, list[bool]]
) -> None:
    header = (
        f"{'metric':<20}"
        + "".join(f"{p:>18}" for p in PERTURBATIONS)
        + f"{'RMS all':>10}{'max all':>10}"
    )
    print(f"{title}: relative change, RMS over images (max in brackets); goal <= 3 %")
    print(header)
    for m in ROWS:
        cells: list[str] = []
        pooled: list[float] = []
        for p in PERTURBATIONS:
            values = np.array([v for v, ok in zip(changes[p][m], use[p], strict=True) if ok])
            pooled.extend(values)
            cells.append(f"{math.sqrt(np.mean(values**2)):>8.2%} ({np.abs(values).max():>6.2%})")
        pooled_arr = np.array(pooled)
        rms = math.sqrt(np.mean(pooled_arr**2))
        print(
            f"{m:<20}"
            + "".join(f"{c:>18}" for c in cells)
            + f"{rms:>10.2%}{np.abs(pooled_arr).max():>10.2%}"
        )
    print()


if __name__ == "__main__":
    main()
