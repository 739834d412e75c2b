"""Would a shallow CNN on each candidate's pixels beat the detector's feature perceptron?

The test behind the claim in ``docs/pores.md`` that the real close-up's labels, not the
classifier, cap its held-out F1. Both models score the same stage-1 candidates
(`porecare.pores._detect.stage1`) and are trained the same way, in this one run:

* ``features``: the packaged design, a one-hidden-layer ``tanh`` perceptron on the candidate
  features (`porecare.pores._features.FEATURE_NAMES`), 16 hidden units;
* ``features + CNN``: the same plus a 3-conv-layer CNN (after Seo et al. 2022, IEEE CBMS, a
  3-layer CNN of 4,793 parameters) on the 15x15 patch of log-intensity minus the local
  background around each candidate (3x3 convolutions with 8, 8 and 8 channels, a 2x2
  max-pool, ``tanh``; the centre and mean of the last map join the hidden layer), trained with
  the 8 flips and quarter turns of each patch.

Training data, as ``bench/train_pore_detector.py``: one half of the labelled real close-up
``../shared/data/pores/porenet-left`` (and its blur, JPEG and +-15 % exposure copies, at a
quarter of the weight), 48 synthetic patches (seeds 1000+) and their JPEG re-encoded copies,
and 8 pore-free patches. The threshold maximises F1 on the training half; the other half is
scored once with it (a candidate counts as a hit when it is matched one-to-one to a labelled
pore within 4 px; F1 uses all labelled pores of the half, found or not). Both directions.

Needs ``jax`` (present with the ``face`` extra's full MediaPipe install; not a porecare
dependency): skipped with a message when it is absent. Takes about 10-20 minutes on 2 cores.

Run: python3 bench/pores_patch_cnn.py [--shared ../shared] [--steps 800]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from porecare.pores._detect import stage1
from porecare.pores._detect_score import load_labelled_closeup, match_points
from porecare.pores._synthetic import synthetic_patch, synthetic_set

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))
from train_pore_detector import augmented, reencoded  # noqa: E402

HALF_PATCH = 7
Arr = NDArray[Any]


def candidates(
    image: NDArray[np.uint8], truth: Arr, mask: NDArray[np.bool_] | None, ppm: float
) -> dict[str, Arr]:
    """Features, 15x15 patches, 0/1 labels and positions of every stage-1 candidate."""
    xs, patches, pos = [], [], []
    off = np.arange(-HALF_PATCH, HALF_PATCH + 1)
    for stage in stage1(image, px_per_mm=ppm, mask=mask):
        c = stage.cands
        if len(c) == 0:
            continue
        padded = np.pad(c.smooth, HALF_PATCH, mode="reflect")
        rr = c.rows[:, None, None] + HALF_PATCH + off[None, :, None]
        cc = c.cols[:, None, None] + HALF_PATCH + off[None, None, :]
        patches.append((padded[rr, cc] - c.background[:, None, None]).astype(np.float32))
        xs.append(c.features.astype(np.float64))
        pos.append(np.column_stack(stage.to_input(c.rows.astype(float), c.cols.astype(float))))
    points = np.concatenate(pos)
    y = np.zeros(len(points))
    if len(truth):
        _, found = match_points(truth, points, 4.0)
        y[found] = 1.0
    return {"X": np.concatenate(xs), "P": np.concatenate(patches), "y": y, "pos": points}


def dataset(shared: Path) -> dict[str, dict[str, Arr]]:
    closeup = load_labelled_closeup(shared / "data" / "pores" / "porenet-left")
    cols = closeup.image.shape[1]
    at = np.rint(closeup.pores).astype(int)
    out: dict[str, dict[str, Arr]] = {}
    for half, region in closeup.halves().items():
        side = np.zeros(closeup.skin.shape, bool)
        side[:, : cols // 2] = half == "left"
        side[:, cols // 2 :] = half == "right"
        skin = closeup.skin & side
        truth = closeup.pores[skin[at[:, 0], at[:, 1]]]
        for k, image in enumerate([closeup.image, *augmented(closeup.image)]):
            d = candidates(image, truth, skin, 14.0)
            p = np.rint(d["pos"]).astype(int)
            d["scored"] = region[p[:, 0], p[:, 1]]
            d["n_truth"] = np.array(int(region[at[:, 0], at[:, 1]].sum()))
            out[f"real_{half}_{k}"] = d
    bare = [
        synthetic_patch(2000 + i, tone=i % 6 + 1, pore_density_per_mm2=0.0, hairs=2, freckles=2)
        for i in range(8)
    ]
    for i, patch in enumerate(synthetic_set(48, seed=1000) + bare):
        truth = np.column_stack([patch.rows, patch.cols])
        for j, image in enumerate([patch.image, reencoded(patch.image, 80 + (7 * i) % 16)]):
            out[f"syn_{i}_{j}"] = candidates(image, truth, None, patch.px_per_mm)
    return out


def _init(jax: Any, key: Any, d: int, cnn: bool) -> dict[str, Any]:
    jnp = jax.numpy
    ks = jax.random.split(key, 6)
    p = {
        "w1": jax.random.normal(ks[0], (d, 16)) / np.sqrt(d),
        "b1": jnp.zeros(16),
        "w2": jax.random.normal(ks[1], (16,)) / 4,
        "b2": jnp.zeros(()),
    }
    if cnn:
        p["c1"] = jax.random.normal(ks[2], (3, 3, 1, 8)) / 3
        p["c2"] = jax.random.normal(ks[3], (3, 3, 8, 8)) / np.sqrt(72)
        p["c3"] = jax.random.normal(ks[4], (3, 3, 8, 8)) / np.sqrt(72)
        p["bc1"], p["bc2"], p["bc3"] = jnp.zeros(8), jnp.zeros(8), jnp.zeros(8)
        p["wp"] = jax.random.normal(ks[5], (16, 16)) / 4
    return p


def _forward(jax: Any, p: dict[str, Any], z: Any, patches: Any) -> Any:
    jnp, lax = jax.numpy, jax.lax
    h = p["b1"] + z @ p["w1"]
    if "c1" in p:
        dn = ("NHWC", "HWIO", "NHWC")
        x = patches[:, :, :, None]
        x = jnp.tanh(
            lax.conv_general_dilated(x, p["c1"], (1, 1), "VALID", dimension_numbers=dn) + p["bc1"]
        )
        x = jnp.tanh(
            lax.conv_general_dilated(x, p["c2"], (1, 1), "VALID", dimension_numbers=dn) + p["bc2"]
        )
        x = lax.reduce_window(x, -jnp.inf, lax.max, (1, 2, 2, 1), (1, 2, 2, 1), "VALID")
        x = jnp.tanh(
            lax.conv_general_dilated(x, p["c3"], (1, 1), "VALID", dimension_numbers=dn) + p["bc3"]
        )
        mid = x.shape[1] // 2
        h = h + jnp.concatenate([x[:, mid, mid, :], x.mean(axis=(1, 2))], axis=1) @ p["wp"]
    return jnp.tanh(h) @ p["w2"] + p["b2"]


def train(jax: Any, data: dict[str, Arr], cnn: bool, steps: int, seed: int = 0) -> Any:
    """Minibatch Adam on weighted logistic loss; returns ``predict(X, P) -> probabilities``."""
    jnp = jax.numpy
    mean, sd = data["X"].mean(0), data["X"].std(0) + 1e-6
    pscale = float(data["P"].std())
    z = jnp.asarray((data["X"] - mean) / sd)
    base = data["P"] / pscale
    turns = [base, base[:, ::-1], base[:, :, ::-1], base[:, ::-1, ::-1]]
    turns += [t.transpose(0, 2, 1) for t in turns]
    views = [jnp.asarray(t) for t in (turns if cnn else turns[:1])]
    y, w = jnp.asarray(data["y"]), jnp.asarray(data["w"] / data["w"].sum())
    params = _init(jax, jax.random.PRNGKey(seed), data["X"].shape[1], cnn)

    def loss(p: dict[str, Any], z: Any, patches: Any, y: Any, w: Any) -> Any:
        logit = _forward(jax, p, z, patches)
        decay = sum(jnp.sum(v**2) for k, v in p.items() if k[0] in "wc")
        return jnp.sum(w * (jax.nn.softplus(logit) - y * logit)) + 1e-3 * decay

    grad = jax.jit(jax.value_and_grad(loss))
    tmap = jax.tree_util.tree_map
    m1, m2 = tmap(jnp.zeros_like, params), tmap(jnp.zeros_like, params)
    rng = np.random.default_rng(seed)
    n = len(data["y"])
    batch = min(n, 4096)
    for t in range(1, steps + 1):
        view = views[rng.integers(len(views))]
        idx = jnp.asarray(rng.integers(0, n, batch))
        _, g = grad(params, z[idx], view[idx], y[idx], w[idx] * (n / batch))
        lr = 0.01 if t < 0.7 * steps else 0.002
        m1 = tmap(lambda m, g_: 0.9 * m + 0.1 * g_, m1, g)
        m2 = tmap(lambda m, g_: 0.999 * m + 0.001 * g_ * g_, m2, g)
        c1, c2 = lr / (1 - 0.9**t), 1 / (1 - 0.999**t)
        params = tmap(
            lambda p_, a, b, c1=c1, c2=c2: p_ - c1 * a / (jnp.sqrt(b * c2) + 1e-8),
            params,
            m1,
            m2,
        )

    def predict(x: Arr, patches: Arr) -> Arr:
        zz = jnp.asarray((x - mean) / sd)
        return np.asarray(jax.nn.sigmoid(_forward(jax, params, zz, jnp.asarray(patches / pscale))))

    return predict


def _f1(prob: Arr, y: Arr, n_truth: int, th: float) -> float:
    keep = prob >= th
    return float(2 * y[keep].sum() / (keep.sum() + n_truth))


def split(jax: Any, sets: dict[str, dict[str, Arr]], train_half: str, cnn: bool, steps: int) -> str:
    parts = []
    for key, d in sets.items():
        if key.startswith(f"real_{train_half}_"):
            weight = 3.0 if key.endswith("_0") else 0.75
        elif key.startswith("syn_"):
            weight = 1.0
        else:
            continue
        parts.append({**d, "w": np.full(len(d["y"]), weight)})
    data = {k: np.concatenate([p[k] for p in parts]) for k in ("X", "P", "y", "w")}
    predict = train(jax, data, cnn, steps)
    held = "right" if train_half == "left" else "left"
    own, other = sets[f"real_{train_half}_0"], sets[f"real_{held}_0"]
    s = own["scored"]
    prob = predict(own["X"], own["P"])[s]
    grid = np.linspace(0.05, 0.95, 91)
    scores = [_f1(prob, own["y"][s], int(own["n_truth"]), th) for th in grid]
    th = float(grid[int(np.argmax(scores))])
    h = other["scored"]
    held_f1 = _f1(predict(other["X"], other["P"])[h], other["y"][h], int(other["n_truth"]), th)
    return f"{train_half} (train) F1 {max(scores):.3f}   {held} (held out) F1 {held_f1:.3f}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--steps", type=int, default=800)
    args = ap.parse_args()
    try:
        import jax
    except ImportError:
        print("skipped: jax is not installed (pip install jax)")
        return 0
    if not (args.shared / "data" / "pores" / "porenet-left").is_dir():
        print(f"skipped: {args.shared}/data/pores/porenet-left is absent")
        return 0
    jax.config.update("jax_platform_name", "cpu")
    t0 = time.perf_counter()
    sets = dataset(args.shared)
    print(f"candidates extracted in {time.perf_counter() - t0:.0f} s")
    for name, cnn in (("features (packaged design)", False), ("features + 3-layer CNN", True)):
        for half in ("left", "right"):
            t = time.perf_counter()
            line = split(jax, sets, half, cnn, args.steps)
            print(f"  {name:28s} {line}   [{time.perf_counter() - t:.0f} s]", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
