"""Scoring pore detections against ground truth (used by tests, bench and training).

The protocol of ``../shared/README.md`` for the labelled real close-up: labelled pores are the
connected components of the label image (their centroids); only pores and detections inside
the skin mask eroded by 7 px count; a detection is a hit when it lies within 4 px of a labelled
pore's centroid, matched one-to-one, nearest pairs first.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

__all__ = ["LabelledCloseup", "Score", "load_labelled_closeup", "match_points", "score_points"]

Points = NDArray[np.float64]


@dataclass(frozen=True)
class Score:
    """Per-object detection score."""

    truth: int
    found: int
    hits: int

    @property
    def precision(self) -> float:
        return self.hits / self.found if self.found else 0.0

    @property
    def recall(self) -> float:
        return self.hits / self.truth if self.truth else 0.0

    @property
    def f1(self) -> float:
        total = self.truth + self.found
        return 2 * self.hits / total if total else 0.0

    def __add__(self, other: Score) -> Score:
        return Score(self.truth + other.truth, self.found + other.found, self.hits + other.hits)


def match_points(
    truth: Points, found: Points, tol: float = 4.0
) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
    """One-to-one matching within ``tol`` pixels, nearest pairs first (greedy).

    Returns index arrays ``(truth_idx, found_idx)`` of the matched pairs.
    """
    from scipy.spatial import cKDTree

    truth = np.asarray(truth, np.float64).reshape(-1, 2)
    found = np.asarray(found, np.float64).reshape(-1, 2)
    if len(truth) == 0 or len(found) == 0:
        return np.zeros(0, np.intp), np.zeros(0, np.intp)
    pairs = cKDTree(truth).sparse_distance_matrix(cKDTree(found), tol, output_type="ndarray")
    order = np.lexsort((pairs["j"], pairs["i"], pairs["v"]))
    used_t = np.zeros(len(truth), bool)
    used_f = np.zeros(len(found), bool)
    ti: list[int] = []
    fi: list[int] = []
    for k in order:
        i, j = int(pairs["i"][k]), int(pairs["j"][k])
        if not used_t[i] and not used_f[j]:
            used_t[i] = used_f[j] = True
            ti.append(i)
            fi.append(j)
    return np.array(ti, np.intp), np.array(fi, np.intp)


def _inside(points: Points, region: NDArray[np.bool_]) -> NDArray[np.bool_]:
    p = np.rint(np.asarray(points, np.float64).reshape(-1, 2)).astype(np.intp)
    p[:, 0] = p[:, 0].clip(0, region.shape[0] - 1)
    p[:, 1] = p[:, 1].clip(0, region.shape[1] - 1)
    return np.asarray(region[p[:, 0], p[:, 1]], bool)


def score_points(
    truth: Points, found: Points, *, region: NDArray[np.bool_] | None = None, tol: float = 4.0
) -> Score:
    """Precision/recall counts of ``found`` against ``truth`` (both (n, 2) row/col)."""
    truth = np.asarray(truth, np.float64).reshape(-1, 2)
    found = np.asarray(found, np.float64).reshape(-1, 2)
    if region is not None:
        truth = truth[_inside(truth, region)]
        found = found[_inside(found, region)]
    ti, _ = match_points(truth, found, tol)
    return Score(truth=len(truth), found=len(found), hits=len(ti))


@dataclass(frozen=True)
class LabelledCloseup:
    """The labelled real close-up: image, skin mask, scored region and pore centroids."""

    image: NDArray[np.uint8]
    skin: NDArray[np.bool_]
    scored: NDArray[np.bool_]
    pores: Points

    def halves(self) -> dict[str, NDArray[np.bool_]]:
        """The left and right halves of the scored region (the train / held-out split)."""
        cols = self.image.shape[1]
        left = np.zeros(self.scored.shape, bool)
        left[:, : cols // 2] = True
        return {"left": self.scored & left, "right": self.scored & ~left}


def load_labelled_closeup(folder: Path) -> LabelledCloseup:
    """Read ``input.png``, ``label.png`` (channel 0 > 0) and ``mask.png`` (channel 0 > 127)."""
    import cv2
    from skimage.measure import label, regionprops

    def read(name: str) -> NDArray[np.uint8]:
        img = cv2.imread(str(folder / name), cv2.IMREAD_COLOR)
        if img is None:
            raise FileNotFoundError(folder / name)
        return np.ascontiguousarray(img[..., ::-1])

    image = read("input.png")
    labelled = read("label.png")[..., 0] > 0
    skin = read("mask.png")[..., 0] > 127
    disk = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (15, 15))
    scored = cv2.erode(skin.astype(np.uint8), disk) > 0
    centroids = np.array([r.centroid for r in regionprops(label(labelled))], np.float64)
    return LabelledCloseup(image=image, skin=skin, scored=scored, pores=centroids.reshape(-1, 2))
