"""The journal: the local database, check-offs, diary, photos, progress, reminders, adaptation.

>>> from porecare.journal import Journal
>>> with Journal(data_dir) as journal:          # doctest: +SKIP
...     journal.setup(profile, start=date(2026, 12, 1))
...     journal.log(date(2026, 12, 1), done=["toner"], routine="am")
...     journal.today(date(2026, 12, 1)).to_dict()
"""

from porecare.journal._journal import DEFAULT_WEEKS, Journal
from porecare.journal._rules import AdaptRule, load_adapt_rules
from porecare.journal._types import (
    Adaptation,
    DayView,
    DiaryEntry,
    LogResult,
    PhotoRecord,
    SetupResult,
    StepView,
)

__all__ = [
    "DEFAULT_WEEKS",
    "AdaptRule",
    "Adaptation",
    "DayView",
    "DiaryEntry",
    "Journal",
    "LogResult",
    "PhotoRecord",
    "SetupResult",
    "StepView",
    "load_adapt_rules",
]
