"""Find the face, build skin regions (cheeks, nose, forehead) and estimate the scale in px/mm.

Landmarks come from MediaPipe Face Mesh (the legacy ``mp.solutions.face_mesh`` with iris
refinement; the model weights ship inside the ``mediapipe`` 0.10.21 wheel, Apache-2.0, so nothing
is downloaded). ``mediapipe`` is the optional ``face`` extra: without it :func:`find_face` returns
``None`` with a reason and close-ups still work.

Left and right are the *subject's*: in a normal (unmirrored) photo the subject's left cheek is on
the image's right.
"""

from __future__ import annotations

import contextlib
import math
import os
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

__all__ = [
    "IPD_MM",
    "IRIS_DIAMETER_MM",
    "REGION_NAMES",
    "Face",
    "FaceSearch",
    "Scale",
    "face_available",
    "find_face",
    "region_masks",
    "scale_from_face",
]

#: Horizontal visible iris diameter of adults, mean ± SD in mm (about 11.7 ± 0.5 mm).
IRIS_DIAMETER_MM = (11.7, 0.5)
#: Adult interpupillary distance, mean ± SD in mm (Dodgson 2004, Proc SPIE 5291:36: 63.4 ± 3.8).
IPD_MM = (63.4, 3.8)
#: Face Mesh runs on a copy at most this long, which is fast and plenty for landmarks.
FACE_MESH_MAX_SIDE = 640

REGION_NAMES = ("forehead", "nose", "left_cheek", "right_cheek")

# Face Mesh landmark polygons (indices into the 478-point refined mesh), checked on
# skimage.data.astronaut(). Cheeks stay below the lower lid and outside the nose and lips.
_POLYGONS: dict[str, tuple[int, ...]] = {
    "right_cheek": (116, 117, 118, 119, 120, 100, 47, 126, 142, 203, 206, 207, 187, 147, 123),
    "left_cheek": (345, 346, 347, 348, 349, 329, 277, 355, 371, 423, 426, 427, 411, 376, 352),
    "nose": (
        168,
        417,
        465,
        412,
        399,
        456,
        420,
        429,
        279,
        278,
        344,
        440,
        275,
        4,
        45,
        220,
        115,
        48,
        49,
        209,
        198,
        236,
        174,
        188,
        245,
        193,
    ),
    # Between the brows' upper edge and about a third of the way up to the hairline: higher up
    # hair (fringes) is common.
    "forehead": (104, 69, 108, 151, 337, 299, 333, 293, 334, 296, 336, 9, 107, 66, 105, 63),
}
# Parts never measured, removed (slightly grown) from every region.
_EXCLUDE: dict[str, tuple[int, ...]] = {
    "right_eye": (33, 7, 163, 144, 145, 153, 154, 155, 133, 173, 157, 158, 159, 160, 161, 246),
    "left_eye": (263, 249, 390, 373, 374, 380, 381, 382, 362, 398, 384, 385, 386, 387, 388, 466),
    "right_brow": (70, 63, 105, 66, 107, 55, 65, 52, 53, 46),
    "left_brow": (300, 293, 334, 296, 336, 285, 295, 282, 283, 276),
    "lips": (
        61,
        185,
        40,
        39,
        37,
        0,
        267,
        269,
        270,
        409,
        291,
        375,
        321,
        405,
        314,
        17,
        84,
        181,
        91,
        146,
    ),
    "nostrils": (64, 98, 97, 2, 326, 327, 294, 278, 344, 440, 275, 4, 45, 220, 115, 48),
}
_FACE_OVAL = (
    10,
    338,
    297,
    332,
    284,
    251,
    389,
    356,
    454,
    323,
    361,
    288,
    397,
    365,
    379,
    378,
    400,
    377,
    152,
    148,
    176,
    149,
    150,
    136,
    172,
    58,
    132,
    93,
    234,
    127,
    162,
    21,
    54,
    103,
    67,
    109,
)
_RIGHT_IRIS = (468, 469, 470, 471, 472)  # centre, then right, top, left, bottom in the image
_LEFT_IRIS = (473, 474, 475, 476, 477)
_MOUTH = 13
_EYE_CORNERS = {"right": (33, 133), "left": (362, 263)}

_mesh_lock = threading.Lock()
_mesh_cache: dict[str, Any] = {}


@dataclass(frozen=True)
class Face:
    """Face Mesh landmarks in the full image's pixel coordinates.

    Attributes
    ----------
    points : ndarray (478, 2) float
        ``(x, y)`` = (column, row) of every landmark.
    shape : tuple of int
        ``(rows, cols)`` of the image the points refer to.
    rotation : int
        Degrees (0, 90, 180, 270; ``np.rot90``, counter-clockwise) the photo was turned for
        the face to be upright.
    mesh_scale : float
        Size of the copy Face Mesh ran on relative to the image (for the landmark jitter).
    """

    points: np.ndarray
    shape: tuple[int, int]
    rotation: int = 0
    mesh_scale: float = 1.0  # pixels of the copy Face Mesh saw per pixel of the image

    def bbox(self) -> tuple[float, float, float, float]:
        """``(x0, y0, x1, y1)`` of the face oval."""
        oval = self.points[list(_FACE_OVAL)]
        return (
            float(oval[:, 0].min()),
            float(oval[:, 1].min()),
            float(oval[:, 0].max()),
            float(oval[:, 1].max()),
        )


@dataclass(frozen=True)
class FaceSearch:
    """The outcome of looking for a face: ``face`` or the ``reason`` there is none."""

    face: Face | None
    reason: str = ""


@dataclass(frozen=True)
class Scale:
    """Pixels per millimetre at the skin, with its 1-sigma uncertainty.

    ``relative_uncertainty`` combines the anatomical spread of the reference (e.g. iris
    11.7 ± 0.5 mm, 4.3 %) and the landmark jitter; ``jitter`` is the landmark part alone (what
    differs between two photos of the same person).
    """

    px_per_mm: float | None
    source: str
    relative_uncertainty: float | None = None
    jitter: float | None = None
    detail: str = ""

    @property
    def known(self) -> bool:
        return self.px_per_mm is not None

    def to_dict(self) -> dict[str, Any]:
        unc = self.relative_uncertainty
        return {
            "px_per_mm": _round(self.px_per_mm, 3),
            "uncertainty_px_per_mm": (
                _round(self.px_per_mm * unc, 3) if self.px_per_mm and unc is not None else None
            ),
            "relative_uncertainty": _round(unc, 4),
            "landmark_jitter": _round(self.jitter, 4),
            "source": self.source,
            "detail": self.detail,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Scale:
        return cls(
            px_per_mm=data.get("px_per_mm"),
            source=str(data.get("source", "unknown")),
            relative_uncertainty=data.get("relative_uncertainty"),
            jitter=data.get("landmark_jitter"),
            detail=str(data.get("detail", "")),
        )


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(float(value), digits)


def face_available() -> bool:
    """True when the optional ``mediapipe`` (the ``face`` extra) can be imported."""
    try:
        return _face_mesh() is not None
    except ImportError:
        return False


@contextlib.contextmanager
def _quiet_native_stderr() -> Iterator[None]:
    """Silence MediaPipe/TFLite's C++ logging, which writes straight to file descriptor 2."""
    try:
        saved = os.dup(2)
    except OSError:
        yield
        return
    try:
        with open(os.devnull, "wb") as devnull:
            os.dup2(devnull.fileno(), 2)
            yield
            _flush_c_stdio()
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def _flush_c_stdio() -> None:
    # C++ logging may sit in the C library's stderr buffer; flush it while it points to null.
    import ctypes

    with contextlib.suppress(Exception):
        ctypes.CDLL(None).fflush(None)


def _face_mesh() -> Any:
    with _mesh_lock:
        if "mesh" not in _mesh_cache:
            os.environ.setdefault("GLOG_minloglevel", "2")
            os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
            with _quiet_native_stderr():
                from mediapipe.python.solutions import face_mesh

                mesh = face_mesh.FaceMesh(
                    static_image_mode=True,
                    refine_landmarks=True,
                    max_num_faces=1,
                    min_detection_confidence=0.5,
                )
                # The graph starts its threads (which log) lazily; run it once while quiet.
                import numpy as np

                mesh.process(np.zeros((64, 64, 3), np.uint8))
                _mesh_cache["mesh"] = mesh
        return _mesh_cache["mesh"]


def find_face(rgb: np.ndarray) -> FaceSearch:
    """Find one face and its 478 landmarks, trying the photo upright and turned.

    Face Mesh runs on a copy at most ``FACE_MESH_MAX_SIDE`` pixels long, then once more on a
    crop around the face at up to that size when that is finer (a small face in a large photo);
    the landmarks are returned in ``rgb``'s coordinates. A photo without EXIF orientation held
    sideways is found by trying 90°, 270° and 180° turns when the upright search fails, and a
    tilted face is re-run turned upright.

    Returns
    -------
    FaceSearch
        ``face`` is None when ``mediapipe`` is missing, no face is found, or the found "face" is
        implausible (too small, cut off, or a close-up the model misread); ``reason`` says which.
    """
    import cv2
    import numpy as np

    try:
        mesh = _face_mesh()
    except ImportError:
        return FaceSearch(None, "face landmarks need the optional 'face' extra (mediapipe)")
    rows, cols = rgb.shape[:2]
    factor = min(1.0, FACE_MESH_MAX_SIDE / max(rows, cols))
    small = (
        rgb
        if factor >= 1
        else cv2.resize(
            rgb,
            (max(1, round(cols * factor)), max(1, round(rows * factor))),
            interpolation=cv2.INTER_AREA,
        )
    )
    small = np.ascontiguousarray(small)
    reason = "no face found"
    best: tuple[float, Face] | None = None
    tried: set[int] = set()
    queue = [0, 1, 3, 2]
    while queue:
        turns = queue.pop(0)
        if turns in tried:
            continue
        tried.add(turns)
        turned = np.ascontiguousarray(np.rot90(small, turns)) if turns else small
        points = _run_mesh(mesh, turned)
        if points is None:
            continue
        upright = (turns + _turns_to_upright(points)) % 4
        if upright not in tried:
            # The mesh finds tilted faces but places landmarks best on an upright one.
            queue.insert(0, upright)
            continue
        shape = (small.shape[0], small.shape[1])
        face = Face(_unturn(points, turns, shape) / factor, (rows, cols), turns * 90, factor)
        problem = _implausible(face)
        if problem is not None:
            reason = problem
            continue
        disagreement = _iris_disagreement(face.points)
        if best is None or disagreement < best[0]:
            best = (disagreement, face)
        if disagreement <= 1.12:
            break  # a good fit; an upside-down photo fits poorly and tries the other turns
    if best is None:
        return FaceSearch(None, reason)
    return FaceSearch(_refine_on_crop(rgb, best[1], mesh))


def _refine_on_crop(rgb: np.ndarray, face: Face, mesh: Any) -> Face:
    """Run Face Mesh again on a crop around the face, so a small face gets more pixels.

    In a 12-megapixel photo the face may span 200 px of the 640 px copy, the irises 10 px;
    on the crop it spans ~450 px and the iris (the scale reference) is measured ~2x finer.
    """
    import cv2
    import numpy as np

    x0, y0, x1, y1 = face.bbox()
    pad = 0.3 * max(x1 - x0, y1 - y0)
    c0, r0 = max(int(x0 - pad), 0), max(int(y0 - pad), 0)
    c1, r1 = min(int(x1 + pad) + 1, rgb.shape[1]), min(int(y1 + pad) + 1, rgb.shape[0])
    crop = rgb[r0:r1, c0:c1]
    factor = min(1.0, FACE_MESH_MAX_SIDE / max(crop.shape[0], crop.shape[1], 1))
    if factor < 1.3 * face.mesh_scale:
        return face  # the crop would not be much finer than the first pass
    size = (max(1, round(crop.shape[1] * factor)), max(1, round(crop.shape[0] * factor)))
    small = cv2.resize(crop, size, interpolation=cv2.INTER_AREA) if factor < 1 else crop
    turns = face.rotation // 90
    points = _run_mesh(mesh, np.ascontiguousarray(np.rot90(small, turns)))
    if points is None:
        return face
    shape = (small.shape[0], small.shape[1])
    local = _unturn(points, turns, shape) / factor + np.array([c0, r0], float)
    refined = Face(local, face.shape, face.rotation, factor)
    if _implausible(refined) or _iris_disagreement(local) > max(
        1.12, _iris_disagreement(face.points)
    ):
        return face
    return refined


def _iris_disagreement(points: np.ndarray) -> float:
    diameters = _iris_diameters(points)
    return max(diameters) / max(min(diameters), 1e-6)


def _turns_to_upright(points: np.ndarray) -> int:
    """Quarter turns (``np.rot90``) that put the mouth below the eyes."""
    eyes = (points[_RIGHT_IRIS[0]] + points[_LEFT_IRIS[0]]) / 2.0
    dx, dy = points[_MOUTH] - eyes
    # After k counter-clockwise turns the "down" component of (dx, dy) is dy, -dx, -dy, dx.
    downs = [dy, -dx, -dy, dx]
    return int(max(range(4), key=lambda k: downs[k]))


def _run_mesh(mesh: Any, rgb: np.ndarray) -> np.ndarray | None:
    import numpy as np

    with _mesh_lock, _quiet_native_stderr():
        result = mesh.process(rgb)
    if not result.multi_face_landmarks:
        return None
    rows, cols = rgb.shape[:2]
    landmarks = result.multi_face_landmarks[0].landmark
    return np.array([(p.x * cols, p.y * rows) for p in landmarks], dtype=np.float64)


def _unturn(points: np.ndarray, turns: int, shape: tuple[int, int]) -> np.ndarray:
    """Map (x, y) found in ``np.rot90(image, turns)`` back to the unturned image."""
    out = points.copy()
    for step in range(turns % 4, 0, -1):
        # np.rot90 turns counter-clockwise: a point (x, y) of the turned image is
        # (cols - 1 - y, x) in the image before that turn, which has ``cols`` columns.
        cols = shape[1] if (step - 1) % 2 == 0 else shape[0]
        x, y = out[:, 0].copy(), out[:, 1].copy()
        out[:, 0] = cols - 1 - y
        out[:, 1] = x
    return out


def _implausible(face: Face) -> str | None:
    rows, cols = face.shape
    x0, _, x1, _ = face.bbox()
    width = x1 - x0
    if width < 0.08 * max(rows, cols) or width < 40:
        return "the face is too small in the frame"
    inside = (
        (face.points[:, 0] >= -0.02 * cols)
        & (face.points[:, 0] <= 1.02 * cols)
        & (face.points[:, 1] >= -0.02 * rows)
        & (face.points[:, 1] <= 1.02 * rows)
    )
    if inside.mean() < 0.85:
        return "the face is cut off by the frame (a close-up?)"
    iris = _iris_diameters(face.points)
    eye_width = _eye_widths(face.points)
    ratio = float(sum(iris) / len(iris) / max(sum(eye_width) / len(eye_width), 1e-6))
    # Iris over eye-corner width is ~0.4 in adults; far off means the mesh is guessing.
    if not 0.25 <= ratio <= 0.65:
        return "the landmarks do not look like a face"
    return None


def _iris_diameters(points: np.ndarray) -> list[float]:
    """Horizontal iris diameters (right eye, left eye): the lids often cover the vertical one."""
    return [_dist(points, iris[1], iris[3]) for iris in (_RIGHT_IRIS, _LEFT_IRIS)]


def _eye_widths(points: np.ndarray) -> list[float]:
    return [_dist(points, a, b) for a, b in _EYE_CORNERS.values()]


def _dist(points: np.ndarray, a: int, b: int) -> float:
    return float(math.hypot(*(points[a] - points[b])))


def scale_from_face(face: Face) -> Scale:
    """Estimate px/mm from the iris (11.7 ± 0.5 mm), else from the interpupillary distance.

    The iris diameter is the mean horizontal diameter of both irises (11.7 mm is the horizontal
    visible iris diameter). Its relative uncertainty combines, in quadrature, the anatomical
    spread (0.5 / 11.7 = 4.3 %) and the landmark jitter: the standard error of the two diameters
    and the quantisation of the (downscaled) copy Face Mesh saw. When the irises disagree by more than 25 % (a turned head,
    a squint) the interpupillary distance (63.4 ± 3.8 mm, Dodgson 2004) is used instead.
    """
    import numpy as np

    mesh_factor = face.mesh_scale
    diameters = np.array(_iris_diameters(face.points))
    mean = float(diameters.mean())
    quant = (0.5 / mesh_factor) / mean / math.sqrt(2)  # half a pixel of the copy, two eyes
    spread = abs(float(diameters[0] - diameters[1])) / 2.0 / mean  # standard error of 2
    jitter = math.hypot(spread, quant)
    if max(diameters) / max(min(diameters), 1e-6) <= 1.25 and mean > 0:
        mm, sd = IRIS_DIAMETER_MM
        rel = math.hypot(sd / mm, jitter)
        detail = f"iris diameter {mean:.1f} px = {mm} mm"
        return Scale(mean / mm, "iris", rel, jitter, detail)
    ipd = _dist(face.points, _RIGHT_IRIS[0], _LEFT_IRIS[0])
    mm, sd = IPD_MM
    jitter = (1.0 / mesh_factor) / ipd
    detail = f"interpupillary distance {ipd:.1f} px = {mm} mm (irises disagree)"
    return Scale(ipd / mm, "eyes", math.hypot(sd / mm, jitter), jitter, detail)


def region_masks(
    face: Face,
    shape: tuple[int, int],
    *,
    factor: float = 1.0,
    origin: tuple[float, float] = (0.0, 0.0),
) -> dict[str, np.ndarray]:
    """Boolean masks (rows, cols) of forehead, nose and both cheeks, without eyes, brows, lips
    or nostrils.

    The masks are drawn on a canvas of ``shape`` whose pixel (0, 0) is ``origin`` = (x, y) of the
    face's image and whose pixels are ``1 / factor`` of its pixels (a crop at a working
    resolution).
    """
    import cv2
    import numpy as np

    points = (face.points - np.asarray(origin, float)) * factor
    grow = max(2, round(0.03 * (face.bbox()[2] - face.bbox()[0]) * factor))
    excluded = np.zeros(shape, np.uint8)
    for indices in _EXCLUDE.values():
        cv2.fillPoly(excluded, [_poly(points, indices)], (1,))
    grown = cv2.dilate(excluded, np.ones((2 * grow + 1, 2 * grow + 1), np.uint8))
    masks: dict[str, np.ndarray] = {}
    for name in REGION_NAMES:
        canvas = np.zeros(shape, np.uint8)
        cv2.fillPoly(canvas, [_poly(points, _POLYGONS[name])], (1,))
        masks[name] = (canvas > 0) & (grown == 0)
    return masks


def _poly(points: np.ndarray, indices: Sequence[int]) -> np.ndarray:
    import numpy as np

    return np.round(points[list(indices)]).astype(np.int32).reshape(-1, 1, 2)
