"""porecare: local-first pore care.

The public API. Heavy parts (images, web) are imported only when their functions are used.
"""

from __future__ import annotations

from porecare.errors import (
    DataFileError,
    ImageError,
    IngredientError,
    KnowledgeError,
    PlanError,
    PorecareError,
    ProfileError,
    QualityError,
    SchemaTooNewError,
    StorageFullError,
    StoreError,
    UsageError,
)
from porecare.profile import Profile, load_profile, sample_profile

__version__ = "0.1.0"

__all__ = [
    "DataFileError",
    "ImageError",
    "IngredientError",
    "KnowledgeError",
    "PlanError",
    "PorecareError",
    "Profile",
    "ProfileError",
    "QualityError",
    "SchemaTooNewError",
    "StorageFullError",
    "StoreError",
    "UsageError",
    "__version__",
    "load_profile",
    "sample_profile",
]
