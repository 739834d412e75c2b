"""The one place the web app calls the library: each method opens the journal, calls one
library function and returns its ``to_dict()`` (the shape the CLI ``--json`` prints).

Nothing here decides anything about skin care; it adapts HTTP to library calls and caches
what is expensive and immutable (a stored plan never changes; a new profile makes a new plan).
"""

from __future__ import annotations

import re
import sqlite3
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

from porecare.errors import ImageError, UsageError

if TYPE_CHECKING:
    from porecare.journal import Journal
    from porecare.profile import Profile

__all__ = ["SHA256_RE", "Services", "read_upload"]

T = TypeVar("T")
SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
#: The photo formats accepted for upload, by their leading bytes (the loader decodes them).
_MAGIC: tuple[tuple[bytes, int, str], ...] = (
    (b"\xff\xd8\xff", 0, "JPEG"),
    (b"\x89PNG\r\n\x1a\n", 0, "PNG"),
    (b"RIFF", 0, "WebP"),
    (b"ftyp", 4, "HEIC/HEIF"),
)
ALLOWED_UPLOAD_TEXT = "JPEG, PNG, WebP or HEIC"
ALLOWED_UPLOAD_TYPES = "image/jpeg,image/png,image/webp,image/heic,image/heif"


async def read_upload(part: Any, *, limit: int | None = None) -> tuple[bytes, str]:
    """Read an uploaded file part; refuse empty, oversize and non-photo files early."""
    from starlette.datastructures import UploadFile

    from porecare.web._app import MAX_UPLOAD_BYTES

    limit = MAX_UPLOAD_BYTES if limit is None else limit
    if not isinstance(part, UploadFile) or not part.filename:
        raise ImageError(f"no file chosen; choose a {ALLOWED_UPLOAD_TEXT} photo")
    data = await part.read(limit + 1)
    name = Path(part.filename).name[:100]
    if not data:
        raise ImageError(f"{name}: the file is empty")
    if len(data) > limit:
        raise ImageError(f"{name}: larger than {limit // (1024 * 1024)} MB; choose a smaller photo")
    if not any(data[at : at + len(magic)] == magic for magic, at, _ in _MAGIC):
        raise ImageError(f"{name}: not a photo file; allowed: {ALLOWED_UPLOAD_TEXT}")
    return data, name


class Services:
    """Library calls for one data folder, with a cache of built plans."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self._lock = threading.Lock()
        self._local = threading.local()
        self._observer: sqlite3.Connection | None = None
        self._memo: dict[tuple[Any, ...], Any] = {}
        self._memo_revision: tuple[int, date] | None = None

    def _revision(self) -> tuple[int, date]:
        """Changes whenever anyone (this app's threads, the CLI) commits to the database.

        ``PRAGMA data_version`` on a connection that never writes changes on every commit
        made through any other connection; the date is part of it because a day's view
        (adaptations, "today") depends on the calendar too.
        """
        from porecare.paths import database_path

        with self._lock:
            if self._observer is None:
                with self.journal():
                    pass  # create and migrate the database first
                # Shared by all threads under ``self._lock``; it only ever reads the pragma.
                self._observer = sqlite3.connect(
                    str(database_path(self.data_dir)), check_same_thread=False, timeout=30
                )
            version = int(self._observer.execute("PRAGMA data_version").fetchone()[0])
        return version, date.today()

    def cached(self, key: tuple[Any, ...], compute: Callable[[], T]) -> T:
        """``compute()`` once per database revision (read the revision *before* computing,
        so a commit that races the computation only makes the entry stale-keyed, never
        wrong-keyed). Callers must not mutate what they get."""
        revision = self._revision()
        with self._lock:
            if revision != self._memo_revision:
                self._memo = {}
                self._memo_revision = revision
            elif key in self._memo:
                return cast(T, self._memo[key])
        value = compute()
        with self._lock:
            if self._memo_revision == revision:
                self._memo[key] = value
        return value

    @contextmanager
    def journal(self) -> Iterator[Journal]:
        """This thread's open journal. Opening (connect + migration check) costs more than
        most page queries, and the server's worker threads live for the whole run; SQLite in
        autocommit mode sees every committed write of other processes at the next statement."""
        from porecare.journal import Journal

        journal = getattr(self._local, "journal", None)
        if journal is None:
            journal = Journal(self.data_dir)
            self._local.journal = journal
        yield journal

    # -- profile and plan --------------------------------------------------------------------

    def has_profile(self) -> bool:
        return self.profile() is not None

    def profile(self) -> Profile | None:
        return self.cached(("profile",), self._read_profile)

    def _read_profile(self) -> Profile | None:
        with self.journal() as journal:
            try:
                return journal.profile()
            except UsageError:  # no profile stored yet
                return None

    def setup(self, profile: Profile, *, start: date | None = None) -> dict[str, Any]:
        with self.journal() as journal:
            result = journal.setup(profile, start=start or date.today())
        return dict(result.to_dict())

    def plan(self) -> dict[str, Any]:
        """The active plan (parsed once per database revision)."""

        def read() -> dict[str, Any]:
            with self.journal() as journal:
                return journal.plan()

        return self.cached(("plan",), read)

    # -- today -------------------------------------------------------------------------------

    def today(self, day: date) -> dict[str, Any]:
        def read() -> dict[str, Any]:
            with self.journal() as journal:
                return dict(journal.today(day).to_dict())

        return self.cached(("today", day), read)

    def log(
        self, day: date, routine: str, *, done: list[str], skipped: list[str]
    ) -> dict[str, Any]:
        with self.journal() as journal:
            result = journal.log(day, done=done, skipped=skipped, routine=routine)
        return dict(result.to_dict())

    def diary(self, day: date, **values: Any) -> dict[str, Any]:
        """Record the diary; like ``porecare diary --json``, with the day's adaptations."""
        with self.journal() as journal:
            entry = journal.diary(day, **values)
            try:
                adaptations = [a.to_dict() for a in journal.adaptations(day)]
            except UsageError:  # the day is outside the plan: nothing adapts
                adaptations = []
        return {**entry.to_dict(), "adaptations": adaptations}

    def diary_entry(self, day: date) -> dict[str, Any] | None:
        def read() -> dict[str, Any] | None:
            with self.journal() as journal:
                entry = next((e for e in journal.diary_entries() if e.day == day), None)
            return None if entry is None else dict(entry.to_dict())

        return self.cached(("diary", day), read)

    # -- shelf -------------------------------------------------------------------------------

    def products(self) -> list[dict[str, Any]]:
        from porecare.ingredients import list_products

        with self.journal() as journal:
            return [dict(p.to_dict()) for p in list_products(journal.conn)]

    def product(self, product_id: int) -> dict[str, Any] | None:
        """A shelf product, its analysis re-judged for the current profile (the fit)."""
        found = next((p for p in self.products() if p["id"] == product_id), None)
        if found is None:
            return None
        product = dict(found)  # the list is cached: never mutate it
        product["analysis"] = self.check_product(
            product["name"],
            product["ingredients_text"],
            role=product["role"] if product.get("role_set_by") == "you" else None,
        )
        return product

    def add_product(self, name: str, text: str, role: str | None = None) -> dict[str, Any]:
        from porecare.ingredients import add_product

        with self.journal() as journal:
            return dict(add_product(journal.conn, name, text, role=role).to_dict())

    def find_in_catalog(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        """Catalog products (starter and imported) whose brand and name hold every word."""
        from porecare.ingredients import Dictionary, find_in_catalog, judge_catalog_products

        profile = self.profile()
        with self.journal() as journal:
            found = find_in_catalog(journal.conn, query, limit=limit)
            dictionary = Dictionary.load(journal.conn)
        return judge_catalog_products(found, profile=profile, dictionary=dictionary)

    def add_from_catalog(
        self, catalog_id: str, name: str | None = None, role: str | None = None
    ) -> dict[str, Any]:
        from porecare.ingredients import add_from_catalog

        with self.journal() as journal:
            record = add_from_catalog(journal.conn, catalog_id, name=name, role=role)
            return dict(record.to_dict())

    def edit_product(
        self, product_id: int, *, name: str | None = None, text: str | None = None
    ) -> dict[str, Any]:
        from porecare.ingredients import edit_product

        with self.journal() as journal:
            return dict(edit_product(journal.conn, product_id, name=name, text=text).to_dict())

    def set_product_role(self, product_id: int, role: str | None) -> dict[str, Any]:
        from porecare.ingredients import set_product_role

        with self.journal() as journal:
            return dict(set_product_role(journal.conn, product_id, role).to_dict())

    def remove_product(self, product_id: int) -> dict[str, Any]:
        from porecare.ingredients import remove_product

        with self.journal() as journal:
            return dict(remove_product(journal.conn, product_id).to_dict())

    def names_imported(self) -> bool:
        """Whether an ingredient inventory (CosIng) was imported into this data folder."""
        with self.journal() as journal:
            row = journal.conn.execute("SELECT 1 FROM ingredient_names LIMIT 1").fetchone()
        return row is not None

    def check_product(
        self, name: str | None, text: str, *, role: str | None = None
    ) -> dict[str, Any]:
        """The analysis for the current profile; ``role``: what the user said the product is."""
        from porecare.ingredients import Dictionary, analyze_product, with_stated_role

        profile = self.profile()
        with self.journal() as journal:
            dictionary = Dictionary.load(journal.conn)
        analysis = analyze_product(text, name=name, profile=profile, dictionary=dictionary)
        if role is not None:
            analysis = with_stated_role(analysis, role, profile)
        return dict(analysis.to_dict())

    # -- photos ------------------------------------------------------------------------------

    def photos(self) -> list[dict[str, Any]]:
        with self.journal() as journal:
            return [dict(p.to_dict()) for p in journal.photos()]

    def photo(self, photo_id: int) -> dict[str, Any] | None:
        with self.journal() as journal:
            try:
                return dict(journal.photo(photo_id).to_dict())
            except UsageError:
                return None

    def add_photo(
        self, data: bytes, *, filename: str, px_per_mm: float | None = None
    ) -> dict[str, Any]:
        from porecare.pores import load_image

        load_image(data)  # decode safely (size, bomb, truncation checks) before storing
        suffix = Path(filename).suffix.lower()
        suffix = suffix if re.fullmatch(r"\.[a-z0-9]{1,5}", suffix) else ".img"
        with tempfile.TemporaryDirectory(prefix="porecare-upload-") as tmp:
            path = Path(tmp) / f"upload{suffix}"
            path.write_bytes(data)
            with self.journal() as journal:
                record = journal.add_photo(path, px_per_mm=px_per_mm)
        return dict(record.to_dict())

    def measure_again(self, photo_id: int, *, px_per_mm: float | None) -> dict[str, Any]:
        """Measure stored photo ``photo_id`` again at ``px_per_mm`` (a scale set from a ruler)."""
        with self.journal() as journal:
            return dict(journal.measure_again(photo_id, px_per_mm=px_per_mm).to_dict())

    def compare_photos(self, first_id: int, second_id: int) -> dict[str, Any]:
        """Both photos and the change of each metric from the first to the second.

        The comparison is :func:`porecare.pores.compare_analyses` (the same numbers as
        ``porecare compare``), so a change inside the method's repeatability reads "no
        measurable change". Raises :class:`UsageError` for a missing or unmeasured photo.
        """
        from porecare.pores import PoreAnalysis, compare_analyses

        photos = []
        for label, photo_id in (("first", first_id), ("second", second_id)):
            photo = self.photo(photo_id)
            if photo is None:
                raise UsageError(f"the {label} photo, {photo_id}, is not in your journal")
            if not photo.get("analysis"):
                raise UsageError(
                    f"the {label} photo, {photo_id}, was not measured, so it cannot be compared"
                )
            photos.append(photo)
        a, b = (PoreAnalysis.from_dict(p["analysis"]) for p in photos)
        return {"a": photos[0], "b": photos[1], "comparison": compare_analyses(a, b).to_dict()}

    def photo_file(self, sha256: str) -> Path | None:
        """The stored copy of photo ``sha256`` inside the data folder, or ``None``."""
        if not SHA256_RE.match(sha256):
            return None
        root = (self.data_dir / "photos").resolve()
        path = (root / sha256[:2] / f"{sha256}.png").resolve()
        if not path.is_relative_to(root) or not path.is_file():
            return None
        return path

    # -- progress and facts ------------------------------------------------------------------

    def progress(self) -> dict[str, Any]:
        def read() -> dict[str, Any]:
            with self.journal() as journal:
                return dict(journal.progress().to_dict())

        return self.cached(("progress",), read)

    def facts(self) -> list[dict[str, Any]]:
        from porecare.plan import facts

        return [dict(fact.to_dict()) for fact in facts()]
