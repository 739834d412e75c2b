"""Every error porecare raises on purpose.

The hierarchy::

    PorecareError                 base; the CLI and web app turn it into a one-line message
    ├── ProfileError              a skin profile file or value is invalid
    ├── KnowledgeError            a packaged knowledge file (rules, tables, catalog) is malformed
    ├── PlanError                 a plan cannot be built or read
    ├── IngredientError           an ingredient list or product cannot be read
    ├── ImageError                a photo cannot be read safely (format, size, truncation)
    │   └── QualityError          a photo is readable but too poor to measure (carries a hint)
    ├── StoreError                the local database cannot be used
    │   ├── SchemaTooNewError     the database was written by a newer porecare
    │   └── StorageFullError      the disk is full or read-only
    ├── DataFileError             an import/export file is foreign, malformed or unsafe
    └── UsageError                a command was given values it cannot use

Messages say what is wrong, where (file, field, line) and what is allowed, on one line.
"""

from __future__ import annotations

__all__ = [
    "DataFileError",
    "ImageError",
    "IngredientError",
    "KnowledgeError",
    "PlanError",
    "PorecareError",
    "ProfileError",
    "QualityError",
    "SchemaTooNewError",
    "StorageFullError",
    "StoreError",
    "UsageError",
]


class PorecareError(Exception):
    """Base class: an expected failure with a message fit for a user."""

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(message.split()))

    @property
    def message(self) -> str:
        return str(self)


class ProfileError(PorecareError):
    """A skin profile is missing a field, has a bad value or cannot be parsed."""


class KnowledgeError(PorecareError):
    """A packaged knowledge file is malformed (names the file, the rule id and the reason)."""


class PlanError(PorecareError):
    """A plan cannot be built or read."""


class IngredientError(PorecareError):
    """An ingredient list or a product record cannot be read."""


class ImageError(PorecareError):
    """A photo is empty, truncated, not an image, too large or in an unsupported mode."""


class QualityError(ImageError):
    """A photo is readable but fails a quality gate; ``hint`` says what to do."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(f"{message} ({hint})" if hint else message)
        self.hint = hint


class StoreError(PorecareError):
    """The local database cannot be opened, migrated or written."""


class SchemaTooNewError(StoreError):
    """The database was written by a newer porecare than this one."""


class StorageFullError(StoreError):
    """The data folder is read-only or the disk is full."""


class DataFileError(PorecareError):
    """An import or export file is foreign, malformed or unsafe."""


class UsageError(PorecareError):
    """A command or API call got values it cannot use."""
