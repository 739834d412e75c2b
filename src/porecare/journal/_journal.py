"""The :class:`Journal`: one object over the local database that the CLI and the web app share."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from porecare.errors import PlanError, PorecareError, StoreError, UsageError
from porecare.journal._adapt import Engine, History, ProductInfo
from porecare.journal._db import open_database, storage_errors, transaction
from porecare.journal._rules import load_adapt_rules
from porecare.journal._types import (
    ROUTINES,
    Adaptation,
    DayView,
    DiaryEntry,
    LogResult,
    PhotoRecord,
    SetupResult,
    StepView,
)
from porecare.profile import Profile

__all__ = ["DEFAULT_WEEKS", "Journal", "now_utc"]

DEFAULT_WEEKS = 12
MAX_WEEKS = 52
MAX_NOTE_CHARS = 2000


def now_utc() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


class Journal:
    """The journal in ``data_dir`` (created and migrated on open). Use as a context manager.

    Every write runs in one ``BEGIN IMMEDIATE`` transaction, so concurrent writers (the CLI and
    the web app) queue instead of losing work, and a crash leaves only whole transactions.
    """

    def __init__(self, data_dir: Path | str) -> None:
        self.data_dir = Path(data_dir)
        self.conn = open_database(self.data_dir)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Journal:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """A write transaction whose disk-full / read-only failures are one-line errors."""
        with storage_errors(self.data_dir), transaction(self.conn) as conn:
            yield conn

    # --- profile and plan -------------------------------------------------------------------

    def setup(
        self, profile: Profile, *, start: date | None = None, weeks: int = DEFAULT_WEEKS
    ) -> SetupResult:
        """Store ``profile`` as a new version and make its plan (from ``start``) the active one."""
        if not 1 <= weeks <= MAX_WEEKS:
            raise UsageError(f"weeks is {weeks}; allowed: 1..{MAX_WEEKS}")
        start = start or date.today()
        plan = self._build_plan(profile, start, weeks)
        stamp = now_utc()
        with self.write() as conn:
            profile_id = conn.execute(
                "INSERT INTO profiles (profile_json, created_at) VALUES (?, ?)",
                (json.dumps(profile.to_dict(), sort_keys=True), stamp),
            ).lastrowid
            plan_id = conn.execute(
                "INSERT INTO plans (profile_id, start, weeks, plan_json, created_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (profile_id, start.isoformat(), weeks, json.dumps(plan, sort_keys=True), stamp),
            ).lastrowid
        assert profile_id is not None and plan_id is not None
        return SetupResult(profile_id, plan_id, start, weeks, plan)

    def _build_plan(self, profile: Profile, start: date, weeks: int) -> dict[str, Any]:
        """The plan ``porecare plan`` shows for ``profile``: products from the shelf, then the
        starter catalog, with the same note naming the steps the shelf lacks."""
        from porecare.plan import build_plan

        try:
            from porecare.ingredients._choose import attach_for_plan, shelf_notes
        except ImportError:
            plan = build_plan(profile, start=start, weeks=weeks)
        else:
            choices = attach_for_plan(profile, self.data_dir)
            plan = build_plan(profile, start=start, weeks=weeks, products=choices.attachments)
            plan = shelf_notes(plan, choices)
        data: dict[str, Any] = plan.to_dict()
        return data

    def profile(self) -> Profile:
        row = self.conn.execute(
            "SELECT profile_json FROM profiles ORDER BY id DESC LIMIT 1"
        ).fetchone()
        if row is None:
            raise UsageError("no profile yet; run: porecare setup --profile FILE")
        return Profile.from_mapping(json.loads(row[0]), where="stored profile")

    def plan(self) -> dict[str, Any]:
        """The active plan (the latest ``setup``), as ``Plan.to_dict()`` stored at setup time."""
        row = self.conn.execute("SELECT plan_json FROM plans ORDER BY id DESC LIMIT 1").fetchone()
        if row is None:
            raise UsageError("no plan yet; run: porecare setup --profile FILE [--start DATE]")
        try:
            plan: dict[str, Any] = json.loads(row[0])
            _check_plan_shape(plan, "the stored plan")
        except (ValueError, PlanError) as exc:
            raise PlanError(f"{exc}; run porecare setup again") from None
        return plan

    # --- reading the history ----------------------------------------------------------------

    def history(self) -> History:
        plan = self.plan()
        days = {date.fromisoformat(d["date"]): d for d in plan["days"]}
        if not days:
            raise PlanError("the stored plan has no days; run porecare setup again")
        statuses: dict[tuple[date, str, str], tuple[str, str]] = {}
        for row in self.conn.execute(
            "SELECT day, routine, step, status, at FROM checkoffs ORDER BY id"
        ):
            statuses[(date.fromisoformat(row[0]), row[1], row[2])] = (row[3], row[4])
        analyses = self.analyses()
        return History(
            start=min(days),
            end=max(days),
            plan_days=days,
            statuses=statuses,
            diary={e.day: e for e in self.diary_entries()},
            products=self._products(),
            analyses=analyses,
            compare=_pore_compare() if len(analyses) >= 2 else None,
        )

    def _products(self) -> list[ProductInfo]:
        out = []
        for row in self.conn.execute("SELECT id, name, added_at, analysis_json FROM products"):
            try:
                added = datetime.fromisoformat(row[2]).date()
            except ValueError:
                continue
            out.append(ProductInfo(row[0], row[1], added, _flagged(row[3])))
        return out

    def engine(self, history: History | None = None) -> Engine:
        return Engine(load_adapt_rules(), history or self.history())

    # --- the day ----------------------------------------------------------------------------

    def today(self, day: date | None = None, *, engine: Engine | None = None) -> DayView:
        """The adapted AM/PM checklist of ``day`` (default today) with what is done."""
        day = day or date.today()
        engine = engine or self.engine()
        h = engine.history
        if day not in h.plan_days:
            raise UsageError(
                f"{day.isoformat()} is outside the plan ({h.start.isoformat()} to "
                f"{h.end.isoformat()}); pick a date in it or run porecare setup again"
            )
        adapted = engine.day(day)

        def view(s: Any) -> StepView:
            found = h.statuses.get((day, s.routine, s.kind))
            status, at = found if found else (None, None)
            return StepView(s.routine, s.step, status, at, s.adapted_by)

        return DayView(
            day=day,
            plan_day=(day - h.start).days + 1,
            week=(day - h.start).days // 7 + 1,
            am=tuple(view(s) for s in adapted.routine("am")),
            pm=tuple(view(s) for s in adapted.routine("pm")),
            paused=tuple(view(s) for s in adapted.paused),
            adaptations=tuple(adapted.adaptations),
        )

    def adaptations(self, day: date | None = None) -> list[Adaptation]:
        return list(self.today(day).adaptations)

    def log(
        self,
        day: date | None = None,
        *,
        done: Iterable[str] = (),
        skipped: Iterable[str] = (),
        routine: str | None = None,
    ) -> LogResult:
        """Check off (``done``) or skip steps of ``day``; each is one appended row.

        Steps are step kinds of the day's adapted checklist (paused steps are accepted too, in
        case they were done anyway). ``routine`` ("am"/"pm") is needed only for a step that is
        in both routines.
        """
        _not_in_future(day, "check-off")
        view = self.today(day)
        entries = self._resolve(view, done, "done", routine) + self._resolve(
            view, skipped, "skipped", routine
        )
        if not entries:
            raise UsageError("nothing to log; give --done and/or --skipped step names")
        entries = _one_status_per_step(entries, view.day)
        stamp = now_utc()
        ids: list[int] = []
        with self.write() as conn:
            for r, step, status in entries:
                cursor = conn.execute(
                    "INSERT INTO checkoffs (day, routine, step, status, at) VALUES (?, ?, ?, ?, ?)",
                    (view.day.isoformat(), r, step, status, stamp),
                )
                assert cursor.lastrowid is not None
                ids.append(cursor.lastrowid)
        return LogResult(view.day, tuple(ids), tuple(entries))

    def _resolve(
        self, view: DayView, names: Iterable[str], status: str, routine: str | None
    ) -> list[tuple[str, str, str]]:
        if routine is not None and routine not in ROUTINES:
            raise UsageError(f"routine is {routine!r}; allowed: am | pm")
        where = {r: [s.kind for s in view.steps(r)] for r in ROUTINES}
        for s in view.paused:
            where[s.routine].append(s.kind)
        out = []
        for raw in names:
            name = raw.strip().lower().replace("-", "_").replace(" ", "_")
            if not name:
                continue
            name = _kind_of_label(name)
            found = [r for r in ROUTINES if (routine in (None, r)) and name in where[r]]
            if not found:
                raise UsageError(f"unknown step {raw!r} for {_day_steps(view, routine)}")
            if len(found) > 1:
                raise UsageError(
                    f"step {name!r} is in both the AM and PM routine of {view.day}; "
                    "add --am or --pm"
                )
            out.append((found[0], name, status))
        return out

    # --- diary ------------------------------------------------------------------------------

    def diary(
        self,
        day: date | None = None,
        *,
        oiliness: int | None = None,
        breakouts: int | None = None,
        irritation: int | None = None,
        note: str | None = None,
    ) -> DiaryEntry:
        """Record (or update) the diary of ``day``; fields not given keep their stored value."""
        day = day or date.today()
        _not_in_future(day, "diary entry")
        given = {"oiliness": oiliness, "breakouts": breakouts, "irritation": irritation}
        for name, value in given.items():
            if value is not None and (
                isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 5
            ):
                raise UsageError(f"{name} is {value!r}; allowed: a whole number 0..5")
        if note is not None and len(note) > MAX_NOTE_CHARS:
            raise UsageError(f"note is {len(note)} characters; allowed: at most {MAX_NOTE_CHARS}")
        if all(v is None for v in given.values()) and note is None:
            raise UsageError(
                "nothing to record; give --oiliness, --breakouts, --irritation or --note"
            )
        stamp = now_utc()
        with self.write() as conn:
            old = conn.execute("SELECT * FROM diary WHERE day = ?", (day.isoformat(),)).fetchone()
            values = {
                k: (v if v is not None else (old[k] if old else None)) for k, v in given.items()
            }
            text = note if note is not None else (old["note"] if old else "")
            conn.execute(
                "INSERT OR REPLACE INTO diary (day, oiliness, breakouts, irritation, note, at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (day.isoformat(), *values.values(), text, stamp),
            )
        return DiaryEntry(
            day, values["oiliness"], values["breakouts"], values["irritation"], text, stamp
        )

    def diary_entries(self) -> list[DiaryEntry]:
        return [
            DiaryEntry(
                date.fromisoformat(r["day"]),
                r["oiliness"],
                r["breakouts"],
                r["irritation"],
                r["note"],
                r["at"],
            )
            for r in self.conn.execute("SELECT * FROM diary ORDER BY day")
        ]

    # --- photos -----------------------------------------------------------------------------

    def add_photo(
        self,
        source: str | Path,
        *,
        day: date | None = None,
        px_per_mm: float | None = None,
        analyze: bool = True,
    ) -> PhotoRecord:
        """Store a metadata-free copy of ``source`` under its content hash, and its analysis.

        The date is ``day``, else the photo's EXIF date taken, else today. The analysis runs
        on the stored copy before anything is written, so a photo that fails the pore
        quality gate is refused whole.
        """
        from porecare.journal._photos import clean_photo, write_photo

        if px_per_mm is not None and not 0 < px_per_mm <= 1000:
            raise UsageError(f"px-per-mm is {px_per_mm}; allowed: a number > 0 and <= 1000")
        photo = clean_photo(source)
        analysis, error = _analyze(photo.data, px_per_mm) if analyze else (None, None)
        day = day or photo.taken or date.today()
        existing = self.conn.execute(
            "SELECT id FROM photos WHERE sha256 = ?", (photo.sha256,)
        ).fetchone()
        with storage_errors(self.data_dir):
            write_photo(self.data_dir, photo.filename, photo.data)
        stamp = now_utc()
        with self.write() as conn:
            if existing is None:
                photo_id = conn.execute(
                    "INSERT INTO photos (sha256, day, filename, width, height, size_bytes, added_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        photo.sha256,
                        day.isoformat(),
                        photo.filename,
                        photo.width,
                        photo.height,
                        len(photo.data),
                        stamp,
                    ),
                ).lastrowid
            else:
                photo_id = existing[0]
            assert photo_id is not None
            if analysis is not None:
                _store_analysis(conn, photo_id, px_per_mm, analysis, stamp)
        record = self.photo(photo_id)
        return PhotoRecord(
            **{**record.__dict__, "analysis_error": error, "duplicate": existing is not None}
        )

    def measure_again(self, photo_id: int, *, px_per_mm: float | None) -> PhotoRecord:
        """Measure stored photo ``photo_id`` again (e.g. with a scale set from a ruler).

        The new analysis is appended; earlier ones stay in the file (the latest is shown).
        """
        if px_per_mm is not None and not 0 < px_per_mm <= 1000:
            raise UsageError(f"px-per-mm is {px_per_mm}; allowed: a number > 0 and <= 1000")
        record = self.photo(photo_id, pores=False)
        try:
            data = Path(record.path).read_bytes()
        except OSError as exc:
            raise StoreError(
                f"the stored copy of photo {photo_id} cannot be read ({exc.strerror}): "
                f"{record.path}"
            ) from None
        analysis, error = _analyze(data, px_per_mm)
        if analysis is not None:
            with self.write() as conn:
                _store_analysis(conn, photo_id, px_per_mm, analysis, now_utc())
        return PhotoRecord(**{**self.photo(photo_id).__dict__, "analysis_error": error})

    def photo(self, photo_id: int, *, pores: bool = True) -> PhotoRecord:
        """One stored photo with its latest analysis (``pores=False``: without the per-pore list)."""
        row = self.conn.execute("SELECT * FROM photos WHERE id = ?", (photo_id,)).fetchone()
        if row is None:
            raise UsageError(f"no photo with id {photo_id}")
        column = "analysis_json" if pores else "json_set(analysis_json, '$.pores', json('[]'))"
        latest = self.conn.execute(
            f"SELECT {column} FROM analyses WHERE photo_id = ? ORDER BY id DESC LIMIT 1",
            (photo_id,),
        ).fetchone()
        return PhotoRecord(
            id=row["id"],
            sha256=row["sha256"],
            day=date.fromisoformat(row["day"]),
            path=str(self.data_dir / row["filename"]),
            width=row["width"],
            height=row["height"],
            size_bytes=row["size_bytes"],
            added_at=row["added_at"],
            analysis=json.loads(latest[0]) if latest else None,
        )

    def photos(self, *, pores: bool = True) -> list[PhotoRecord]:
        """Every photo, oldest first (``pores=False``: analyses without the per-pore lists,
        ~0.5 MB each for a close-up, for listings)."""
        ids = [r[0] for r in self.conn.execute("SELECT id FROM photos ORDER BY day, id")]
        return [self.photo(i, pores=pores) for i in ids]

    def analyses(self) -> list[tuple[date, dict[str, Any]]]:
        """(photo date, ``PoreAnalysis.to_dict()``) of each photo's latest analysis, oldest first.

        The per-pore list is left out (``"pores": []``): metrics and comparisons need only the
        summary, and a close-up's list is ~0.5 MB of JSON per photo.
        """
        rows = self.conn.execute(
            "SELECT p.day, json_set(a.analysis_json, '$.pores', json('[]')) "
            "FROM photos p JOIN analyses a ON a.photo_id = p.id "
            "WHERE a.id = (SELECT MAX(id) FROM analyses WHERE photo_id = p.id) ORDER BY p.day, p.id"
        )
        return [(date.fromisoformat(r[0]), json.loads(r[1])) for r in rows]

    # --- progress, reminders, export/import (in their own modules) ---------------------------

    def progress(self, *, until: date | None = None) -> Any:
        from porecare.journal._progress import compute_progress

        return compute_progress(self, until=until)

    def reminders(self, *, am: str = "07:30", pm: str = "21:30") -> bytes:
        from porecare.journal._ics import plan_to_ics

        return plan_to_ics(self, am=am, pm=pm)

    def export(self) -> dict[str, Any]:
        from porecare.journal._exchange import export_data

        return export_data(self)

    def import_(self, data: Mapping[str, Any]) -> dict[str, int]:
        from porecare.journal._exchange import import_data

        return import_data(self, data)


def _store_analysis(
    conn: sqlite3.Connection,
    photo_id: int,
    px_per_mm: float | None,
    analysis: Mapping[str, Any],
    stamp: str,
) -> None:
    conn.execute(
        "INSERT INTO analyses (photo_id, px_per_mm, analysis_json, created_at) VALUES (?, ?, ?, ?)",
        (photo_id, px_per_mm, json.dumps(analysis, sort_keys=True), stamp),
    )


def _not_in_future(day: date | None, what: str) -> None:
    # A record for a day that has not happened yet would count toward adherence and trends
    # before the user could have done it; a mistyped year is the usual cause.
    today = date.today()
    if day is not None and day > today:
        raise UsageError(
            f"the {what} date {day.isoformat()} is in the future; allowed: today "
            f"({today.isoformat()}) or an earlier day"
        )


def _check_plan_shape(plan: Any, where: str) -> None:
    """Refuse a plan that is not ``Plan.to_dict()`` with at least one day (PlanError)."""
    from porecare.plan import Plan

    if not isinstance(plan, Mapping) or not isinstance(plan.get("days"), list):
        raise PlanError(f"{where} is not a porecare plan")
    if not all(isinstance(d, Mapping) and {"am", "pm"} <= d.keys() for d in plan["days"]):
        raise PlanError(f"{where} is not a porecare plan (a day lacks its am or pm routine)")
    try:
        days = Plan.from_dict(plan).days
    except PorecareError as exc:
        raise PlanError(f"{where} is not a porecare plan ({exc})") from None
    if not days:
        raise PlanError(f"{where} has no days")


def _one_status_per_step(
    entries: list[tuple[str, str, str]], day: date
) -> list[tuple[str, str, str]]:
    """Drop repeats; refuse a step given as both done and skipped in one call."""
    status: dict[tuple[str, str], str] = {}
    for routine, step, state in entries:
        if status.setdefault((routine, step), state) != state:
            raise UsageError(
                f"step {step!r} ({routine}) of {day.isoformat()} is both done and skipped; "
                "allowed: one of --done or --skipped per step"
            )
    return [(r, step, state) for (r, step), state in status.items()]


def _kind_of_label(name: str) -> str:
    """A step as ``porecare today`` prints it (``Water-based cleanser``) -> its kind.

    Labels are matched letters and digits only, so ``water-based cleanser`` works too; a name
    that is no label is returned as it is (usually the kind itself).
    """
    from porecare.journal._labels import step_labels

    def squash(text: str) -> str:
        return "".join(c for c in text.lower() if c.isalnum())

    wanted = squash(name)
    for kind, label in step_labels().items():
        if wanted in (squash(label), squash(label.split("(")[0])):
            return kind
    return name


def _day_steps(view: DayView, routine: str | None) -> str:
    parts = []
    for r in ROUTINES:
        if routine in (None, r):
            kinds = [s.kind for s in view.steps(r)]
            parts.append(f"{r.upper()}: {', '.join(kinds) if kinds else '(none)'}")
    return f"{view.day.isoformat()}; the day's steps are {'; '.join(parts)}"


def _flagged(analysis_json: str) -> tuple[str, ...]:
    """Names of flagged ingredients in a stored ``ProductAnalysis.to_dict()``."""
    try:
        flags = json.loads(analysis_json).get("flags", [])
    except (ValueError, AttributeError):
        return ()
    names: list[str] = []
    for flag in flags if isinstance(flags, Sequence) else []:
        if isinstance(flag, Mapping):
            name = flag.get("ingredient") or flag.get("inci") or flag.get("name")
            kind = flag.get("kind") or flag.get("flag") or flag.get("code")
            if name:
                names.append(f"{name} ({kind})" if kind else str(name))
        elif isinstance(flag, str):
            names.append(flag)
    return tuple(dict.fromkeys(names))


def overall_metrics(analysis: Mapping[str, Any]) -> dict[str, Any]:
    """The whole-photo metrics of a stored ``PoreAnalysis.to_dict()``."""
    metrics = analysis.get("metrics")
    if not isinstance(metrics, Mapping):
        return {}
    overall = metrics.get("overall", metrics)
    return dict(overall) if isinstance(overall, Mapping) else {}


def repeatability() -> dict[str, float]:
    """Relative 1-sigma noise per pore metric (``porecare.pores.REPEATABILITY``), or empty."""
    try:
        from porecare.pores import REPEATABILITY
    except ImportError:
        return {}
    return dict(REPEATABILITY)


def _pore_compare() -> Any:
    """``compare(first, last)`` over stored analyses via ``porecare.pores.compare_analyses``."""
    try:
        from porecare.pores import PoreAnalysis, compare_analyses
    except ImportError:
        return None

    def compare(first: dict[str, Any], last: dict[str, Any]) -> dict[str, dict[str, Any]]:
        result = compare_analyses(PoreAnalysis.from_dict(first), PoreAnalysis.from_dict(last))
        changes: dict[str, dict[str, Any]] = result.to_dict()["changes"]
        return changes

    return compare


def _analyze(data: bytes, px_per_mm: float | None) -> tuple[dict[str, Any] | None, str | None]:
    try:
        from porecare.pores import analyze_photo
    except ImportError:
        return None, "pore analysis is not available in this build"
    result: dict[str, Any] = analyze_photo(data, px_per_mm=px_per_mm).to_dict()
    return result, None
