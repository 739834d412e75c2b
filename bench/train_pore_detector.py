"""Train the pore detector's stage-2 perceptron and write src/porecare/pores/data/pore_model.json.

Training data (deterministic, seeded):

* candidates from synthetic skin patches (`porecare.pores._synthetic`, seeds 1000+, tones I–VI,
  hairs, freckles, moles, glints, blur, noise, JPEG), labelled by their known pores, and from
  the same patches re-encoded once more at JPEG quality 80–95 (``--no-jpeg-copies`` to skip):
  re-compression noise on dark skin must not become pores, or counts change when a photo is
  merely saved again; the copies also take part in choosing the threshold;
* candidates from one half only (LEFT by default, `--train-half`) of the labelled real close-up in
  ``../shared/data/pores/porenet-left`` (labels: connected components of ``label.png``), and
  from four capture-condition copies of it (blur, JPEG, +-15 % exposure; same labels;
  ``--rotations`` adds +-3 degree turns with the labels turned alike: measured no better).
  The other half's labels are never read here; ``bench/pores_accuracy.py`` reports it as held
  out (and, for a ``--train-half right`` model, the swapped split).

A candidate is positive when it is matched one-to-one to a true pore within 4 px (the scoring
protocol). The network is one hidden layer of ``tanh`` units trained by full-batch Adam on
weighted cross-entropy with L2 weight decay; the decision threshold is the one that maximises
F1 over the training data. Run::

    python3 bench/train_pore_detector.py [--shared ../shared] [--hidden 8]
    # the swapped split that bench/pores_accuracy.py reports beside the packaged model:
    python3 bench/train_pore_detector.py --train-half right --out /tmp/pore_model_right.json
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from porecare.pores._detect import stage1
from porecare.pores._detect_score import load_labelled_closeup, match_points
from porecare.pores._features import FEATURE_NAMES
from porecare.pores._synthetic import synthetic_patch, synthetic_set

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "src" / "porecare" / "pores" / "data" / "pore_model.json"

Arr = NDArray[np.float64]


def labelled_candidates(
    image: NDArray[np.uint8], truth: Arr, mask: NDArray[np.bool_] | None, px_per_mm: float
) -> tuple[Arr, Arr, Arr]:
    """(features, labels 0/1, positions) of every stage-1 candidate in ``mask``."""
    xs, pts = [], []
    for stage in stage1(image, px_per_mm=px_per_mm, mask=mask):
        rows, cols = stage.to_input(stage.cands.rows.astype(float), stage.cands.cols.astype(float))
        pts.append(np.column_stack([rows, cols]))
        xs.append(stage.cands.features.astype(np.float64))
    if not pts:
        return np.zeros((0, len(FEATURE_NAMES))), np.zeros(0), np.zeros((0, 2))
    pos = np.concatenate(pts)
    _, found = match_points(truth, pos, 4.0)
    y = np.zeros(len(pos))
    y[found] = 1.0
    return np.concatenate(xs), y, pos


def augmented(image: NDArray[np.uint8]) -> list[NDArray[np.uint8]]:
    """Deterministic capture-condition variants of a photo."""
    import cv2

    blurred = np.asarray(cv2.GaussianBlur(image, (0, 0), 0.6), np.uint8)
    _, buf = cv2.imencode(".jpg", image[..., ::-1], [cv2.IMWRITE_JPEG_QUALITY, 80])
    jpeg = np.ascontiguousarray(cv2.imdecode(buf, cv2.IMREAD_COLOR)[..., ::-1], np.uint8)
    brighter = np.clip(image.astype(np.float32) * 1.15, 0, 255).astype(np.uint8)
    darker = (image.astype(np.float32) * 0.85).astype(np.uint8)
    return [blurred, jpeg, brighter, darker]


def reencoded(image: NDArray[np.uint8], quality: int) -> NDArray[np.uint8]:
    """The photo saved once more as JPEG (a phone or a messenger app re-compressing it)."""
    import cv2

    _, buf = cv2.imencode(".jpg", image[..., ::-1], [cv2.IMWRITE_JPEG_QUALITY, quality])
    return np.ascontiguousarray(cv2.imdecode(buf, cv2.IMREAD_COLOR)[..., ::-1], np.uint8)


def rotated(
    image: NDArray[np.uint8], truth: Arr, skin: NDArray[np.bool_]
) -> list[tuple[NDArray[np.uint8], Arr, NDArray[np.bool_]]]:
    """The photo turned by +-3 degrees (bicubic / bilinear), with its pores and mask turned too.

    A hand-held camera never repeats its angle; resampling also softens pixel noise, which the
    classifier must not take for a change of skin.
    """
    import cv2

    rows, cols = image.shape[:2]
    out = []
    for degrees, flag in ((3.0, cv2.INTER_CUBIC), (-3.0, cv2.INTER_LINEAR)):
        m = cv2.getRotationMatrix2D((cols / 2, rows / 2), degrees, 1.0)
        turned = cv2.warpAffine(image, m, (cols, rows), flags=flag, borderMode=cv2.BORDER_REFLECT)
        mask = cv2.warpAffine(skin.view(np.uint8), m, (cols, rows), flags=cv2.INTER_NEAREST) > 0
        xy = np.column_stack([truth[:, 1], truth[:, 0], np.ones(len(truth))]) @ m.T
        out.append((np.asarray(turned, np.uint8), np.column_stack([xy[:, 1], xy[:, 0]]), mask))
    return out


def train_mlp(
    x: Arr, y: Arr, w: Arr, *, hidden: int, steps: int, seed: int, decay: float = 1e-3
) -> dict[str, Arr]:
    """Full-batch Adam on weighted logistic loss; returns weights incl. standardisation."""
    rng = np.random.default_rng(seed)
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-6
    z = (x - mean) / scale
    _n, d = z.shape
    params = [
        rng.normal(0, 1 / np.sqrt(d), (d, hidden)),
        np.zeros(hidden),
        rng.normal(0, 1 / np.sqrt(hidden), hidden),
        np.zeros(1),
    ]
    m1 = [np.zeros_like(p) for p in params]
    m2 = [np.zeros_like(p) for p in params]
    w = w / w.sum()
    for t in range(1, steps + 1):
        h = np.tanh(z @ params[0] + params[1])
        p = 1 / (1 + np.exp(-np.clip(h @ params[2] + params[3][0], -30, 30)))
        g_out = (p - y) * w
        g_h = np.outer(g_out, params[2]) * (1 - h**2)
        grads = [
            z.T @ g_h + decay * params[0],
            g_h.sum(axis=0),
            h.T @ g_out + decay * params[2],
            np.array([g_out.sum()]),
        ]
        lr = 0.02 if t < steps * 0.7 else 0.004
        for k, g in enumerate(grads):
            m1[k] = 0.9 * m1[k] + 0.1 * g
            m2[k] = 0.999 * m2[k] + 0.001 * g * g
            params[k] -= lr * (m1[k] / (1 - 0.9**t)) / (np.sqrt(m2[k] / (1 - 0.999**t)) + 1e-8)
    return {
        "mean": mean,
        "scale": scale,
        "w1": params[0],
        "b1": params[1],
        "w2": params[2],
        "b2": params[3][0:1],
    }


def predict(weights: dict[str, Arr], x: Arr) -> Arr:
    z = (x - weights["mean"]) / weights["scale"]
    logit = np.tanh(z @ weights["w1"] + weights["b1"]) @ weights["w2"] + weights["b2"][0]
    return np.asarray(1 / (1 + np.exp(-np.clip(logit, -30, 30))))


def _f1_at(prob: Arr, y: Arr, n_truth: int, th: float) -> float:
    keep = prob >= th
    return float(2 * y[keep].sum() / (keep.sum() + n_truth)) if n_truth else 0.0


def best_threshold(prob: Arr, y: Arr, n_truth: int) -> tuple[float, float]:
    """Threshold maximising F1 where hits are positive candidates above it."""
    best = (0.5, 0.0)
    for th in np.linspace(0.05, 0.95, 91):
        keep = prob >= th
        hits = float(y[keep].sum())
        f1 = 2 * hits / (keep.sum() + n_truth) if keep.any() else 0.0
        if f1 > best[1]:
            best = (float(th), f1)
    return best


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--hidden", type=int, default=8)
    ap.add_argument("--steps", type=int, default=2500)
    ap.add_argument("--synthetic", type=int, default=48, help="number of synthetic patches")
    ap.add_argument("--real-weight", type=float, default=3.0, help="weight of real vs synthetic")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument(
        "--no-jpeg-copies",
        dest="jpeg_copies",
        action="store_false",
        help="do not also train on JPEG re-encoded copies of the synthetic patches",
    )
    ap.add_argument(
        "--rotations", action="store_true", help="also train on +-3 degree turned copies"
    )
    ap.add_argument(
        "--train-half",
        choices=("left", "right"),
        default="left",
        help="half of the real close-up to train on (the packaged model: left; 'right' makes"
        " the swapped-split model that bench/pores_accuracy.py --swapped-model reads)",
    )
    args = ap.parse_args()
    t0 = time.perf_counter()

    xs, ys, groups = [], [], []
    n_truth = {"synthetic": 0, "real": 0}
    # Pore-free skin (texture, furrows, hairs, freckles, moles only) teaches that a blob must be
    # dark in absolute terms, not merely the darkest thing around.
    bare = [
        synthetic_patch(2000 + i, tone=i % 6 + 1, pore_density_per_mm2=0.0, hairs=2, freckles=2)
        for i in range(max(args.synthetic // 6, 1))
    ]
    for i, patch in enumerate(synthetic_set(args.synthetic, seed=1000) + bare):
        truth = np.column_stack([patch.rows, patch.cols])
        x, y, _ = labelled_candidates(patch.image, truth, None, patch.px_per_mm)
        xs.append(x)
        ys.append(y)
        groups.append(np.zeros(len(y)))
        n_truth["synthetic"] += len(truth)
        if args.jpeg_copies:
            # The same patch re-encoded (quality 80-95, where re-quantising amplifies noise): JPEG noise on dark skin must not turn
            # into pores, or counts change when a photo is merely saved again.
            again = reencoded(patch.image, 80 + (7 * i) % 16)
            x, y, _ = labelled_candidates(again, truth, None, patch.px_per_mm)
            xs.append(x)
            ys.append(y)
            groups.append(np.full(len(y), 3.0))
            n_truth["synthetic"] += len(truth)

    folder = args.shared / "data" / "pores" / "porenet-left"
    if folder.is_dir():
        closeup = load_labelled_closeup(folder)
        side = closeup.halves()[args.train_half]
        # Candidates anywhere in the training half's skin; truth restricted to the same half.
        half_cols = np.zeros(closeup.skin.shape, bool)
        half_cols[:, : closeup.image.shape[1] // 2] = True
        if args.train_half == "right":
            half_cols = ~half_cols
        skin_half = closeup.skin & half_cols
        at = np.rint(closeup.pores).astype(int)
        in_half = skin_half[at[:, 0], at[:, 1]]
        x, y, pos = labelled_candidates(closeup.image, closeup.pores[in_half], skin_half, 14.0)
        scored = side[np.rint(pos[:, 0]).astype(int), np.rint(pos[:, 1]).astype(int)]
        xs.append(x)
        ys.append(y)
        groups.append(np.ones(len(y)))
        n_truth["real"] = int(side[at[:, 0], at[:, 1]].sum())
        real_scored = scored
        # Capture-condition copies of the same half (mild blur as from resampling or focus,
        # JPEG re-encoding, +-15 % exposure) teach the classifier that a pore stays a pore, which
        # keeps counts repeatable. They train but do not choose the threshold.
        variants = [
            (image, closeup.pores[in_half], skin_half) for image in augmented(closeup.image)
        ]
        if args.rotations:
            variants += rotated(closeup.image, closeup.pores[in_half], skin_half)
        for image, truth, skin in variants:
            x, y, _ = labelled_candidates(image, truth, skin, 14.0)
            xs.append(x)
            ys.append(y)
            groups.append(np.full(len(y), 2.0))
    else:
        print(f"warning: {folder} absent: training on synthetic data only", file=sys.stderr)
        real_scored = np.zeros(0, bool)

    x = np.concatenate(xs)
    y = np.concatenate(ys)
    group = np.concatenate(groups)
    weight = np.select([group == 1, group == 2], [args.real_weight, args.real_weight / 4], 1.0)
    weights = train_mlp(x, y, weight, hidden=args.hidden, steps=args.steps, seed=0)
    prob = predict(weights, x)

    report = {}
    # The threshold is chosen on the re-encoded copies too: one that only suits pristine
    # files would let re-compression noise through.
    syn = (group == 0) | (group == 3)
    th_syn, f_syn = best_threshold(prob[syn], y[syn], n_truth["synthetic"])
    report["synthetic"] = (th_syn, f_syn)
    if n_truth["real"]:
        real = group == 1
        th_real, f_real = best_threshold(
            prob[real][real_scored], y[real][real_scored], n_truth["real"]
        )
        report[f"real-{args.train_half}"] = (th_real, f_real)
        # One threshold for both worlds: the best mean F1 of the two training sets, so that
        # pore-free synthetic skin stays (nearly) empty while faint real pores are kept.
        grid = np.linspace(0.05, 0.95, 91)
        rl = group == 1
        mean_f1 = [
            _f1_at(prob[syn], y[syn], n_truth["synthetic"], th)
            + _f1_at(prob[rl][real_scored], y[rl][real_scored], n_truth["real"], th)
            for th in grid
        ]
        threshold = float(grid[int(np.argmax(mean_f1))])
        report["combined"] = (threshold, float(max(mean_f1)) / 2)
    else:
        threshold = th_syn
    for name, (th, f1) in report.items():
        print(f"{name:12s} best threshold {th:.2f}  training F1 {f1:.3f}")

    model = {
        "about": "Stage-2 pore classifier of porecare.pores._detect; written by "
        f"bench/train_pore_detector.py (synthetic patches + {args.train_half} half of porenet-left).",
        "features": list(FEATURE_NAMES),
        "hidden": args.hidden,
        "threshold": round(threshold, 3),
        "weights": {k: np.round(v, 6).tolist() for k, v in weights.items()},
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes) in {time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
