"""The ingredient dictionary the ingredient benches read: packaged, plus a CosIng export."""

from __future__ import annotations

import tempfile
from pathlib import Path

from porecare.ingredients import Dictionary, import_cosing
from porecare.journal._db import open_database

#: The CosIng export in ../shared beside the checkout (test data, not part of the repository).
SHARED_COSING = Path(__file__).resolve().parents[2] / "shared/data/cosing/cosing-inventory-2020.csv"


def load_dictionary(cosing: Path | None) -> Dictionary:
    """The packaged table, with ``cosing`` imported first when given (in a throwaway folder)."""
    with tempfile.TemporaryDirectory() as tmp:
        conn = open_database(tmp)
        try:
            if cosing:
                import_cosing(conn, cosing)
            return Dictionary.load(conn)
        finally:
            conn.close()
