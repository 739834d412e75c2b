"""Face Mesh on a real face (skimage.data.astronaut, NASA, public domain): regions and scale."""

from __future__ import annotations

import numpy as np
import pytest

from porecare.pores._face import (
    IRIS_DIAMETER_MM,
    REGION_NAMES,
    find_face,
    region_masks,
    scale_from_face,
)

pytest.importorskip("mediapipe", reason="the optional 'face' extra (mediapipe) is not installed")


@pytest.fixture(scope="module")
def astronaut() -> np.ndarray:
    from skimage import data

    return data.astronaut()


def test_face_mesh_finds_the_astronaut_and_her_irises(astronaut: np.ndarray) -> None:
    search = find_face(astronaut)
    assert search.face is not None, search.reason
    points = search.face.points
    assert points.shape == (478, 2)
    # her right eye (image left) is left of her left eye, both in the upper half of the face
    assert points[468, 0] < points[473, 0]
    assert 80 < points[468, 1] < 130 and 80 < points[473, 1] < 130
    scale = scale_from_face(search.face)
    assert scale.source == "iris"
    iris_px = scale.px_per_mm * IRIS_DIAMETER_MM[0]
    assert 6 < iris_px < 11  # the irises are ~8 px across in this 512 px portrait
    assert 0.043 <= scale.relative_uncertainty < 0.15  # at least the anatomical 0.5/11.7


def test_regions_cover_skin_and_avoid_eyes_lips_nostrils(astronaut: np.ndarray) -> None:
    face = find_face(astronaut).face
    assert face is not None
    masks = region_masks(face, astronaut.shape[:2])
    assert set(masks) == set(REGION_NAMES)
    for name, mask in masks.items():
        assert mask.sum() > 150, name
    union = np.logical_or.reduce(list(masks.values()))
    for index in (
        468,
        473,
        159,
        386,
        13,
        14,
        0,
        17,
        2,
        98,
        327,
        105,
        334,
    ):  # irises, lids, lips, nostrils, brows
        x, y = np.round(face.points[index]).astype(int)
        assert not union[y, x], index
    # subject's left cheek is on the image's right
    cols = np.nonzero(masks["left_cheek"])[1].mean(), np.nonzero(masks["right_cheek"])[1].mean()
    assert cols[0] > cols[1]
    # the regions do not overlap
    total = sum(int(m.sum()) for m in masks.values())
    assert total == int(union.sum())


@pytest.mark.parametrize("turn", ["flip", "rot90", "rot180", "rot270"])
def test_turned_and_mirrored_copies_give_the_same_face(astronaut: np.ndarray, turn: str) -> None:
    upright = find_face(astronaut).face
    assert upright is not None
    k = {"flip": 0, "rot90": 1, "rot180": 2, "rot270": 3}[turn]
    image = astronaut[:, ::-1] if turn == "flip" else np.rot90(astronaut, k)
    face = find_face(np.ascontiguousarray(image)).face
    assert face is not None, turn
    ratio = scale_from_face(face).px_per_mm / scale_from_face(upright).px_per_mm
    assert 0.9 < ratio < 1.1, ratio
    # the iris centres land where the turned picture put them
    x, y = upright.points[468]
    expected = {
        "flip": (511 - x, y),
        "rot90": (y, 511 - x),
        "rot180": (511 - x, 511 - y),
        "rot270": (511 - y, x),
    }[turn]
    # a mirror swaps the subject's eyes; a rotation does not
    found = face.points[473] if turn == "flip" else face.points[468]
    assert np.hypot(*(found - np.array(expected))) < 6, (turn, found, expected)


def test_no_face_in_noise_or_a_skin_close_up(shared_dir) -> None:
    from porecare.pores import load_image

    rng = np.random.default_rng(0)
    noise = rng.integers(0, 255, (400, 400, 3), dtype=np.uint8)
    assert find_face(noise).face is None
    close_up = load_image(shared_dir / "data/pores/porenet-left/input.png").rgb
    search = find_face(close_up)
    assert search.face is None and search.reason
