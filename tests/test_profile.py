from __future__ import annotations

from pathlib import Path

import pytest

from porecare.errors import ProfileError
from porecare.profile import Profile, load_profile, profile_to_toml, sample_profile


def test_sample_profile_round_trips_through_toml(tmp_path: Path) -> None:
    profile = sample_profile()
    path = tmp_path / "p.toml"
    path.write_text(profile_to_toml(profile), encoding="utf-8")
    assert load_profile(path) == profile


@pytest.mark.parametrize(
    ("change", "needle"),
    [
        ({"skin_type": "greasy"}, "skin_type"),
        ({"age": 11}, "12..110"),
        ({"age": True}, "age"),
        ({"makeup_days_per_week": 8}, "0..7"),
        ({"sensitive": "no"}, "true or false"),
        ({"retinoid_experience": "lots"}, "none | some | tolerant"),
        ({"concerns": "pores"}, "concerns"),
        ({"colour": "blue"}, "unknown field"),
    ],
)
def test_bad_values_name_the_field_and_what_is_allowed(change: dict, needle: str) -> None:
    data = {**sample_profile().to_dict(), **change}
    with pytest.raises(ProfileError, match=needle):
        Profile.from_mapping(data, where="p.toml")


def test_missing_field_is_named() -> None:
    data = sample_profile().to_dict()
    del data["age"]
    with pytest.raises(ProfileError, match="missing field 'age'"):
        Profile.from_mapping(data)


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b"skin_type = ", "TOML syntax error"),
        (b"\xff\xfe\x00\x01binary", "binary"),
        (b'skin_type = "oily\xe9"', "not UTF-8"),
        (b'{"skin_type": ', "JSON syntax error"),
    ],
)
def test_unreadable_files_fail_with_the_file_name(
    tmp_path: Path, content: bytes, needle: str
) -> None:
    path = tmp_path / ("p.json" if content.startswith(b"{") else "p.toml")
    path.write_bytes(content)
    with pytest.raises(ProfileError, match=needle) as info:
        load_profile(path)
    assert str(path) in str(info.value)
    assert "\n" not in str(info.value)
