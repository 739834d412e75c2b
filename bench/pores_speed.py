"""End-to-end speed of ``analyze_photo`` on 12-megapixel photos, beside named baselines.

Photos (written to a temporary folder, 4000 x 3000 JPEG quality 92):
- face: ``skimage.data.astronaut()`` (NASA, public domain) upscaled to 3000 x 3000 and widened
  to 4000 x 3000; the whole analysis
  including Face Mesh, regions, iris scale, skin mask, quality and detection;
- close-up: a synthetic skin patch (``porecare.pores._synthetic``) at 28 px/mm given with
  ``px_per_mm`` (the whole frame is skin); and the same file without a scale, where the whole
  frame must be searched at full resolution.

Baselines, same file, same run: plain ``cv2.imread`` + ``cvtColor`` (just decoding), and
scikit-image ``blob_dog`` on the close-up's skin at the detector's working scale.
Goal: <= 0.5 s per 12 MP photo on a 2-core machine (warm: models loaded once per process).

Run: python3 bench/pores_speed.py [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

from porecare.pores import analyze_photo
from porecare.pores._synthetic import synthetic_patch


def timed(action: Callable[[], object], repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def make_photos(folder: Path) -> dict[str, tuple[Path, float | None]]:
    from skimage import data

    # Upscaled without distortion to 3000 x 3000, then widened to 4000 x 3000 with her background.
    face = cv2.resize(data.astronaut(), (3000, 3000), interpolation=cv2.INTER_CUBIC)
    face = cv2.copyMakeBorder(face, 0, 0, 500, 500, cv2.BORDER_REPLICATE)
    Image.fromarray(face).save(folder / "face.jpg", quality=92)
    # Render at 14 px/mm (the generator's natural scale) and upsample 2x: a 28 px/mm close-up.
    patch = synthetic_patch(7, size=(1500, 2000), px_per_mm=14.0, tone=3)
    close = cv2.resize(patch.image, (4000, 3000), interpolation=cv2.INTER_CUBIC)
    Image.fromarray(close).save(folder / "closeup.jpg", quality=92)
    return {
        "face 4000x3000": (folder / "face.jpg", None),
        "close-up 4000x3000": (folder / "closeup.jpg", 28.0),
        # Without a scale nothing may be thrown away: the whole 12 MP frame is searched.
        "close-up, no scale": (folder / "closeup.jpg", None),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        photos = make_photos(Path(tmp))
        load_before = os.getloadavg()[0]  # other work on the machine inflates every figure
        start = time.perf_counter()
        analyze_photo(photos["face 4000x3000"][0])  # loads Face Mesh once, as a server would
        print(f"first call (imports, Face Mesh start-up): {time.perf_counter() - start:.2f} s\n")
        print(
            f"{'photo':<20} {'analyze_photo':>14} {'pores':>6} {'imread+cvtColor':>16} {'blob_dog':>9}"
        )
        for label, (path, ppm) in photos.items():
            seconds, result = timed(partial(analyze_photo, path, px_per_mm=ppm), args.repeat)
            decode, _ = timed(partial(_decode_baseline, path), args.repeat)
            blob = _blob_dog(path, ppm) if "close-up" in label else float("nan")
            count = len(result.pores)  # type: ignore[attr-defined]
            print(f"{label:<20} {seconds:>12.3f} s {count:>6} {decode:>14.3f} s {blob:>7.2f} s")
        print("\ngoal: analyze_photo <= 0.5 s per 12 MP photo")
        print(
            f"load average before/after: {load_before:.1f} / {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
        )


def _decode_baseline(path: Path) -> np.ndarray:
    return cv2.cvtColor(cv2.imread(str(path)), cv2.COLOR_BGR2RGB)


def _blob_dog(path: Path, ppm: float | None) -> float:
    from skimage.feature import blob_dog

    gray = cv2.cvtColor(cv2.imread(str(path)), cv2.COLOR_BGR2GRAY).astype(np.float32) / 255
    factor = 14.0 / ppm if ppm else 1.0
    start = time.perf_counter()
    small = (
        gray
        if factor == 1.0
        else cv2.resize(gray, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
    )
    blob_dog(1.0 - small, min_sigma=0.7, max_sigma=3.0, threshold=0.02)
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
