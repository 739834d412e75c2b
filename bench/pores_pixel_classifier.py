"""An ilastik-style PIXEL classifier for pores, trained in-run: the comparison method of the bench.

Sommer et al. 2011 ("ilastik: Interactive Learning and Segmentation Toolkit", ISBI): per-pixel
filter-bank features at several scales -> a classifier trained on labelled pixels -> a
probability map -> objects. Here, on the labelled real close-up at its 14 px/mm:

* features of ``log(gray + 8)`` at sigma 0.7, 1, 1.6, 3.5 and 5 px: Gaussian smoothing minus a
  1 mm background, gradient magnitude, scale-normalised Laplacian of Gaussian, both Hessian
  eigenvalues, both structure-tensor eigenvalues; red-blue and red-green log-chroma against
  their background (skin-tone invariant); the LoG over the local texture level (41 features);
* a one-hidden-layer perceptron (16 ``tanh`` units, the trainer of
  ``bench/train_pore_detector.py``) on every pore pixel of the training half and 60,000
  random skin pixels;
* pores = local maxima (5 x 5) of the probability map smoothed by sigma 1, above a threshold
  chosen by 2-fold cross-validation INSIDE the training half (top / bottom at its median row);
  the held-out half is only scored.

It is a benchmark method, not shipped: on this image it does not beat the shipped
candidate-and-classifier detector on the held-out half (see the bench output).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from porecare.pores._detect_score import LabelledCloseup, Score, score_points
from train_pore_detector import predict, train_mlp

F32 = NDArray[np.float32]
SIGMAS = (0.7, 1.0, 1.6, 3.5, 5.0)
LOG_OFFSET = 8.0
BACKGROUND_SIGMA = 8.0  # about 1 mm at 14 px/mm


def _scale_features(log_gray: F32, s: float) -> list[F32]:
    import cv2

    g = cv2.GaussianBlur(log_gray, (0, 0), s)
    gx = cv2.Sobel(g, cv2.CV_32F, 1, 0) / 8
    gy = cv2.Sobel(g, cv2.CV_32F, 0, 1) / 8
    gxx = cv2.Sobel(g, cv2.CV_32F, 2, 0) / 4
    gyy = cv2.Sobel(g, cv2.CV_32F, 0, 2) / 4
    gxy = cv2.Sobel(g, cv2.CV_32F, 1, 1) / 4
    trace = (gxx + gyy) * s * s
    disc = np.sqrt((gxx - gyy) ** 2 / 4 + gxy**2) * s * s
    sxx = cv2.GaussianBlur(gx * gx, (0, 0), 2 * s)
    syy = cv2.GaussianBlur(gy * gy, (0, 0), 2 * s)
    sxy = cv2.GaussianBlur(gx * gy, (0, 0), 2 * s)
    half_trace = (sxx + syy) / 2
    st_disc = np.sqrt((sxx - syy) ** 2 / 4 + sxy**2)
    return [
        g - cv2.GaussianBlur(log_gray, (0, 0), BACKGROUND_SIGMA),
        s * np.sqrt(gx * gx + gy * gy),
        trace,
        trace / 2 + disc,
        trace / 2 - disc,
        s * np.sqrt(half_trace + st_disc),
        s * np.sqrt(np.maximum(half_trace - st_disc, 0)),
    ]


def pixel_features(rgb: NDArray[np.uint8]) -> F32:
    """(rows, cols, 41) float32 filter-bank features of an RGB image."""
    import cv2

    img = rgb.astype(np.float32)
    log_gray: F32 = np.asarray(
        cv2.log(cv2.cvtColor(img, cv2.COLOR_RGB2GRAY) + LOG_OFFSET), np.float32
    )
    log_rgb = cv2.log(img + LOG_OFFSET)
    feats: list[F32] = []
    for s in SIGMAS:
        feats += _scale_features(log_gray, s)
    for chroma in (log_rgb[..., 0] - log_rgb[..., 2], log_rgb[..., 0] - log_rgb[..., 1]):
        background = cv2.GaussianBlur(chroma, (0, 0), BACKGROUND_SIGMA)
        feats += [cv2.GaussianBlur(chroma, (0, 0), s) - background for s in (1.0, 3.5)]
    log1 = feats[7 * SIGMAS.index(1.0) + 2]
    texture = np.sqrt(cv2.GaussianBlur(log1 * log1, (0, 0), 12.0)) + 1e-3
    feats += [log1 / texture, np.log(texture)]
    return np.stack(feats, axis=-1).astype(np.float32)


def _train(
    feats: F32, pore_pixels: NDArray[np.bool_], region: NDArray[np.bool_], seed: int
) -> dict[str, NDArray[np.float64]]:
    rng = np.random.default_rng(seed)
    flat = feats.reshape(-1, feats.shape[-1])
    pos = np.flatnonzero((pore_pixels & region).ravel())
    neg = np.flatnonzero((~pore_pixels & region).ravel())
    neg = rng.choice(neg, min(60_000, len(neg)), replace=False)
    x = flat[np.concatenate([pos, neg])].astype(np.float64)
    y = np.concatenate([np.ones(len(pos)), np.zeros(len(neg))])
    w = np.where(y == 1, 0.5 * len(neg) / max(len(pos), 1), 1.0)
    return train_mlp(x, y, w, hidden=16, steps=600, seed=seed)


def _peaks(prob: F32, threshold: float, skin: NDArray[np.bool_]) -> NDArray[np.float64]:
    import cv2

    smooth = cv2.GaussianBlur(prob, (0, 0), 1.0)
    top = (smooth >= cv2.dilate(smooth, np.ones((5, 5), np.uint8))) & (smooth > threshold) & skin
    return np.column_stack(np.nonzero(top)).astype(np.float64)


def _prob(weights: dict[str, NDArray[np.float64]], feats: F32) -> F32:
    flat = feats.reshape(-1, feats.shape[-1]).astype(np.float64)
    return predict(weights, flat).reshape(feats.shape[:2]).astype(np.float32)


def pixel_classifier_split(
    closeup: LabelledCloseup, pore_pixels: NDArray[np.bool_], train: str
) -> dict[str, Score]:
    """Train on half ``train`` (threshold by 2-fold CV inside it); score both halves."""
    feats = pixel_features(closeup.image)
    halves = closeup.halves()
    cols = np.zeros(closeup.skin.shape, bool)
    cols[:, : closeup.image.shape[1] // 2] = True
    train_cols = cols if train == "left" else ~cols
    train_skin = closeup.skin & train_cols
    mid = int(np.median(np.nonzero(train_skin)[0]))
    top = np.zeros_like(cols)
    top[:mid] = True
    grid = np.linspace(0.2, 0.95, 31)
    cv_f1 = np.zeros(len(grid))
    for fit, test in ((top, ~top), (~top, top)):
        prob = _prob(_train(feats, pore_pixels, train_skin & fit, 0), feats)
        region = halves[train] & test
        for i, th in enumerate(grid):
            cv_f1[i] += score_points(
                closeup.pores, _peaks(prob, th, closeup.skin), region=region
            ).f1
    threshold = float(grid[int(np.argmax(cv_f1))])
    prob = _prob(_train(feats, pore_pixels, train_skin, 0), feats)
    found = _peaks(prob, threshold, closeup.skin)
    return {k: score_points(closeup.pores, found, region=m) for k, m in halves.items()}
