"""Where porecare keeps its data: ``--data-dir`` > ``$PORECARE_HOME`` > the platform's user data dir."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["DB_FILENAME", "ENV_VAR", "database_path", "resolve_data_dir"]

ENV_VAR = "PORECARE_HOME"
DB_FILENAME = "porecare.sqlite3"


def resolve_data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """Return the data folder (not created here; writers create it when they first write)."""
    if override:
        return Path(override).expanduser().resolve()
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser().resolve()
    import platformdirs

    return Path(platformdirs.user_data_dir("porecare", appauthor=False))


def database_path(data_dir: Path) -> Path:
    return data_dir / DB_FILENAME
