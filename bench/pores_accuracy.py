"""Pore detector accuracy and speed, side by side with classical baselines, in one run.

Prints, for porecare's detector and for scikit-image ``blob_dog`` / ``blob_log`` and OpenCV
adaptive mean threshold (block 15, C 6):

1. synthetic skin patches with known pores (`porecare.pores._synthetic`, seeds 0..N-1, disjoint
   from the training seeds 1000+): precision, recall, F1 (hit = within 4 px, one-to-one) and
   the median relative diameter error of the hits;
2. the labelled real close-up ``../shared/data/pores/porenet-left`` scored by its protocol
   (mask eroded 7 px, 4 px, one-to-one, nearest first), for the left half (the detector's
   training half) and the right half (held out: never seen in training or tuning);
3. the detector's pore count under JPEG q85, +-15 % brightness and 3-degree turns (bicubic and
   bilinear) of the real close-up and of 12 synthetic patches;
4. detector speed on the real close-up and on synthetic 12-megapixel frames (4000 x 3000 at
   14 and 10 px/mm, face-region mask and whole frame; a 40 px/mm close-up), against
   ``blob_dog`` on the same pixels.

Run: ``python3 bench/pores_accuracy.py [--shared ../shared] [--patches 60]``.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from porecare.pores._detect import detect_pores, detect_with_model, parse_model
from porecare.pores._detect_score import Score, load_labelled_closeup, match_points, score_points
from porecare.pores._synthetic import SyntheticPatch, synthetic_patch, synthetic_set

REPO = Path(__file__).resolve().parents[1]
Image = NDArray[np.uint8]
Result = tuple[NDArray[np.float64], NDArray[np.float64]]  # (points (n, 2), diameters (n,))
Method = Callable[[Image, float, "NDArray[np.bool_] | None"], Result]


def _gray(image: Image) -> NDArray[np.float64]:
    return np.asarray(image.astype(np.float64) @ [0.299, 0.587, 0.114] / 255.0)


def _within(points: NDArray[np.float64], mask: NDArray[np.bool_] | None) -> NDArray[np.bool_]:
    if mask is None or len(points) == 0:
        return np.ones(len(points), bool)
    p = np.rint(points).astype(int)
    return np.asarray(mask[p[:, 0], p[:, 1]], bool)


def porecare_method(image: Image, ppm: float, mask: NDArray[np.bool_] | None) -> Result:
    det = detect_pores(image, px_per_mm=ppm, mask=mask)
    return np.column_stack([det.rows, det.cols]), det.diameter_px


def blob_dog_method(image: Image, ppm: float, mask: NDArray[np.bool_] | None) -> Result:
    from skimage.feature import blob_dog

    blobs = blob_dog(1 - _gray(image), min_sigma=1, max_sigma=4, threshold=0.01)
    pts = blobs[:, :2]
    keep = _within(pts, mask)
    return pts[keep], 2 * np.sqrt(2) * blobs[keep, 2]


def blob_log_method(image: Image, ppm: float, mask: NDArray[np.bool_] | None) -> Result:
    from skimage.feature import blob_log

    blobs = blob_log(1 - _gray(image), min_sigma=1, max_sigma=4, num_sigma=6, threshold=0.02)
    pts = blobs[:, :2]
    keep = _within(pts, mask)
    return pts[keep], 2 * np.sqrt(2) * blobs[keep, 2]


def adaptive_method(image: Image, ppm: float, mask: NDArray[np.bool_] | None) -> Result:
    import cv2

    gray = cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)
    binary = cv2.adaptiveThreshold(
        gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 15, 6
    )
    _, _, stats, centroids = cv2.connectedComponentsWithStats(binary)
    pts = np.asarray(centroids[1:, ::-1], np.float64)
    keep = _within(pts, mask)
    area = np.asarray(stats[1:, cv2.CC_STAT_AREA][keep], np.float64)
    return pts[keep], 2 * np.sqrt(area / np.pi)


METHODS: dict[str, Method] = {
    "porecare": porecare_method,
    "skimage blob_dog": blob_dog_method,
    "skimage blob_log": blob_log_method,
    "cv2 adaptive mean": adaptive_method,
}


def synthetic_scores(patches: list[SyntheticPatch], method: Method) -> tuple[Score, float]:
    total = Score(0, 0, 0)
    errors: list[NDArray[np.float64]] = []
    for patch in patches:
        truth = np.column_stack([patch.rows, patch.cols])
        pts, diam = method(patch.image, patch.px_per_mm, None)
        ti, fi = match_points(truth, pts, 4.0)
        total = total + Score(len(truth), len(pts), len(ti))
        errors.append(np.abs(diam[fi] - patch.diameter_px[ti]) / patch.diameter_px[ti])
    err = float(np.median(np.concatenate(errors))) if errors else float("nan")
    return total, err


def _row(name: str, score: Score, extra: str = "") -> str:
    return (
        f"  {name:18s} P {score.precision:.3f}  R {score.recall:.3f}  F1 {score.f1:.3f}"
        f"  (truth {score.truth}, found {score.found}){extra}"
    )


def bench_synthetic(n: int) -> None:
    patches = synthetic_set(n, seed=0)
    print(f"1. Synthetic patches: {n} x 256x256 at 14 px/mm, tones I-VI, seeds 0..{n - 1}")
    for name, method in METHODS.items():
        score, err = synthetic_scores(patches, method)
        print(_row(name, score, f"  median diameter error {100 * err:.1f} %"))
    by_tone: dict[int, Score] = {}
    for patch in patches:
        truth = np.column_stack([patch.rows, patch.cols])
        pts, _ = porecare_method(patch.image, patch.px_per_mm, None)
        ti, _ = match_points(truth, pts, 4.0)
        by_tone[patch.tone] = by_tone.get(patch.tone, Score(0, 0, 0)) + Score(
            len(truth), len(pts), len(ti)
        )
    tones = "  ".join(f"{t}: {s.f1:.3f}" for t, s in sorted(by_tone.items()))
    print(f"  porecare F1 by Fitzpatrick tone  {tones}")


def _split_row(name: str, parts: dict[str, Score], train: str) -> str:
    held = "right" if train == "left" else "left"
    return (
        f"  {name:34s} {train} (train) P {parts[train].precision:.3f} R {parts[train].recall:.3f}"
        f" F1 {parts[train].f1:.3f}   {held} (held out) P {parts[held].precision:.3f}"
        f" R {parts[held].recall:.3f} F1 {parts[held].f1:.3f}"
    )


def bench_real(shared: Path, swapped: Path | None, pixel: bool) -> None:
    folder = shared / "data" / "pores" / "porenet-left"
    if not folder.is_dir():
        print(f"2. Real close-up: skipped ({folder} absent)")
        return
    closeup = load_labelled_closeup(folder)
    halves = closeup.halves()
    print(
        "2. Real close-up porenet-left (14 px/mm; mask eroded 7 px, hit within 4 px, 1:1)\n"
        "   porecare's classifier was trained on the LEFT half; the RIGHT half is held out"
    )
    for name, method in METHODS.items():
        pts, _ = method(closeup.image, 14.0, closeup.skin)
        whole = score_points(closeup.pores, pts, region=closeup.scored)
        parts = {k: score_points(closeup.pores, pts, region=m) for k, m in halves.items()}
        print(
            f"  {name:18s} whole F1 {whole.f1:.3f}   left (train) P {parts['left'].precision:.3f}"
            f" R {parts['left'].recall:.3f} F1 {parts['left'].f1:.3f}   right (held out)"
            f" P {parts['right'].precision:.3f} R {parts['right'].recall:.3f}"
            f" F1 {parts['right'].f1:.3f}"
        )
    print("   Both directions (baselines are untrained: their halves are the rows above)")
    pts, _ = porecare_method(closeup.image, 14.0, closeup.skin)
    parts = {k: score_points(closeup.pores, pts, region=m) for k, m in halves.items()}
    print(_split_row("porecare, packaged model", parts, "left"))
    if swapped is not None and swapped.is_file():
        det = detect_with_model(
            closeup.image,
            parse_model(swapped.read_text("utf-8")),
            px_per_mm=14.0,
            mask=closeup.skin,
        )
        pts = np.column_stack([det.rows, det.cols])
        parts = {k: score_points(closeup.pores, pts, region=m) for k, m in halves.items()}
        print(_split_row(f"porecare, {swapped.name}", parts, "right"))
    elif swapped is not None:
        print(f"  (no swapped model at {swapped}: run train_pore_detector.py --train-half right)")
    if pixel:
        import cv2

        from pores_pixel_classifier import pixel_classifier_split

        label = cv2.imread(str(folder / "label.png"), cv2.IMREAD_COLOR)[..., 2] > 0
        for train in ("left", "right"):
            parts = pixel_classifier_split(closeup, label, train)
            print(_split_row("ilastik-style pixel classifier", parts, train))


def _perturbations() -> dict[str, Callable[[Image, NDArray[np.bool_]], tuple[Image, Any]]]:
    """Capture-condition changes of one photo, each returning (image, mask moved alike)."""
    import io

    import cv2
    from PIL import Image as PILImage

    def jpeg(img: Image, mask: NDArray[np.bool_]) -> tuple[Image, Any]:
        buffer = io.BytesIO()
        PILImage.fromarray(img).save(buffer, "JPEG", quality=85)
        return np.asarray(PILImage.open(buffer).convert("RGB")), mask

    def gain(f: float) -> Callable[[Image, NDArray[np.bool_]], tuple[Image, Any]]:
        return lambda img, mask: (
            np.clip(img.astype(np.float32) * f + 0.5, 0, 255).astype(np.uint8),
            mask,
        )

    def turn(flag: int) -> Callable[[Image, NDArray[np.bool_]], tuple[Image, Any]]:
        def apply(img: Image, mask: NDArray[np.bool_]) -> tuple[Image, Any]:
            rows, cols = img.shape[:2]
            m = cv2.getRotationMatrix2D((cols / 2, rows / 2), 3.0, 1.0)
            out = cv2.warpAffine(img, m, (cols, rows), flags=flag, borderMode=cv2.BORDER_REFLECT)
            moved = cv2.warpAffine(mask.view(np.uint8), m, (cols, rows), flags=cv2.INTER_NEAREST)
            return np.asarray(out, np.uint8), moved > 0

        return apply

    return {
        "JPEG q85": jpeg,
        "x0.85": gain(0.85),
        "x1.15": gain(1.15),
        "3 deg bicubic": turn(cv2.INTER_CUBIC),
        "3 deg bilinear": turn(cv2.INTER_LINEAR),
    }


def bench_repeatability(shared: Path) -> None:
    """Change of the detector's pore COUNT (whole analysis: bench/pores_repeatability.py)."""
    print("3. Repeatability of the detector's count (goal: within 3 %)")
    sets: list[tuple[str, list[tuple[Image, NDArray[np.bool_]]]]] = []
    folder = shared / "data" / "pores" / "porenet-left"
    if folder.is_dir():
        c = load_labelled_closeup(folder)
        sets.append(("real close-up", [(c.image, c.skin)]))
    patches = synthetic_set(12, seed=500)
    sets.append(("12 synthetic", [(p.image, np.ones(p.image.shape[:2], bool)) for p in patches]))
    for name, images in sets:
        base = sum(_count(im, m) for im, m in images)
        moved = []
        for label, change in _perturbations().items():
            n = sum(_count(*change(im, m)) for im, m in images)
            moved.append(f"{label} {100 * (n / base - 1):+.1f} %")
        print(f"  {name:14s} {base} pores;  " + ",  ".join(moved))


def _count(image: Image, mask: NDArray[np.bool_]) -> int:
    return len(detect_pores(image, px_per_mm=14.0, mask=mask))


def _time(fn: Callable[[], object], repeat: int = 3) -> tuple[float, float]:
    """Best wall-clock and best CPU time of ``repeat`` runs (after one warm-up run)."""
    fn()
    wall, cpu = float("inf"), float("inf")
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        fn()
        wall = min(wall, time.perf_counter() - t)
        cpu = min(cpu, time.process_time() - c)
    return wall, cpu


def _ms(t: tuple[float, float]) -> str:
    return f"{t[0] * 1000:.0f} ms (cpu {t[1] * 1000:.0f} ms)"


def _face_mask(shape: tuple[int, int]) -> NDArray[np.bool_]:
    """Cheeks, forehead and nose as rectangles: a quarter of a 4:3 selfie frame."""
    rows, cols = shape
    mask = np.zeros(shape, bool)
    for r0, r1, c0, c1 in (
        (0.23, 0.50, 0.10, 0.35),  # left cheek
        (0.23, 0.50, 0.65, 0.90),  # right cheek
        (0.03, 0.20, 0.25, 0.75),  # forehead
        (0.27, 0.60, 0.45, 0.55),  # nose
    ):
        mask[int(r0 * rows) : int(r1 * rows), int(c0 * cols) : int(c1 * cols)] = True
    return mask


def bench_speed(shared: Path) -> None:
    from skimage.feature import blob_dog

    print("4. Speed (best of 3 after a warm-up; wall and CPU time, shared 2-core machine)")
    folder = shared / "data" / "pores" / "porenet-left"
    if folder.is_dir():
        c = load_labelled_closeup(folder)
        ours = _time(lambda: detect_pores(c.image, px_per_mm=14.0, mask=c.skin))
        dog = _time(lambda: blob_dog(1 - _gray(c.image), min_sigma=1, max_sigma=4, threshold=0.01))
        print(
            f"  real close-up {c.image.shape[1]}x{c.image.shape[0]}: porecare {_ms(ours)};"
            f" skimage blob_dog {_ms(dog)}"
        )
    for ppm in (14.0, 10.0):
        tile = synthetic_patch(7, size=(1000, 1000), px_per_mm=ppm).image
        big = np.tile(tile, (3, 4, 1))  # 3000 x 4000 = 12 MP
        mask = _face_mask((3000, 4000))
        masked = _time(partial(detect_pores, big, px_per_mm=ppm, mask=mask))
        whole = _time(partial(detect_pores, big, px_per_mm=ppm), repeat=1)
        print(
            f"  12 MP frame 4000x3000 at {ppm:.0f} px/mm: porecare {_ms(masked)} on face regions"
            f" ({100 * mask.mean():.0f} % of the frame), {_ms(whole)} on the whole frame"
        )
    dog_big = _time(lambda: blob_dog(1 - _gray(big), min_sigma=1, max_sigma=4, threshold=0.01), 1)
    print(f"  skimage blob_dog on the same 12 MP frame (whole): {_ms(dog_big)}")
    hi = synthetic_patch(8, size=(1000, 1000), px_per_mm=40.0).image
    big_hi = np.tile(hi, (3, 4, 1))
    ours_hi = _time(lambda: detect_pores(big_hi, px_per_mm=40.0), repeat=2)
    print(
        f"  12 MP close-up at 40 px/mm (analysed at 14 px/mm), whole frame: porecare {_ms(ours_hi)}"
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--patches", type=int, default=60)
    ap.add_argument("--no-speed", action="store_true")
    ap.add_argument(
        "--swapped-model",
        type=Path,
        default=Path("/tmp/pore_model_right.json"),
        help="model from train_pore_detector.py --train-half right --out PATH (swapped split)",
    )
    ap.add_argument("--no-pixel", action="store_true", help="skip the in-run pixel classifier")
    args = ap.parse_args()
    bench_synthetic(args.patches)
    bench_real(args.shared, args.swapped_model, not args.no_pixel)
    bench_repeatability(args.shared)
    if not args.no_speed:
        bench_speed(args.shared)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
