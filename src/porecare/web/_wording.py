"""Library messages in the words of the web app.

The library's messages are written for the command line ("give --px-per-mm", "run porecare
setup again"). In the browser there are no flags: each phrase below is replaced by what to do
in the app. The table is data, matched in order; a message with no CLI phrase passes unchanged.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["in_app_words"]

_REPLACEMENTS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        # Photo analysis warnings (porecare.pores).
        (
            r"give --px-per-mm for physical units",
            "to get sizes in millimetres, upload it again with the scale filled in "
            "(photograph a ruler once at the same distance)",
        ),
        (
            r"no face and no --px-per-mm",
            "no face in the photo and no scale given",
        ),
        (
            r"\(use --mask to choose the skin\)",
            "(crop the photo to bare skin before uploading: no hair, eyebrows or background)",
        ),
        (r"\b2 sigma of the measurement noise", "the normal variation between two photos"),
        # The plan and journal.
        (r"run porecare setup again", "answer the quiz again to start a new plan"),
        (r"run: porecare setup --profile FILE( \[--start DATE\])?", "answer the quiz first"),
        (
            r"give --oiliness, --breakouts, --irritation or --note",
            "give oiliness, breakouts, irritation or a note",
        ),
        (r"give --done and/or --skipped step names", "tick at least one step"),
        (
            r"porecare checks this once you attach products\.",
            "porecare checks each product you add to your Shelf.",
        ),
        # The shelf (porecare.ingredients).
        (r"^products (add|remove): ", ""),
        (
            r"say what it is: porecare products set-role \d+ ROLE\.",
            "say what it is on its page in your Shelf.",
        ),
        (r"add your own with `porecare products add`", "add your own on the Shelf page"),
        (r"; search it with `porecare catalog`", "; search the catalog on the Shelf page"),
        (r"; see 'porecare products list'", ""),
        (r"--ingredients has no ingredient names", "no ingredient names found"),
        (r"--name is", "the product name is"),
        # The safe image loader names an in-memory upload "<bytes>".
        (r"^<bytes>: ", ""),
        (r" \(Image size \(\d+ pixels\) exceeds limit of \d+ pixels.*\)$", ""),
        (r"choose another --data-dir", "start porecare with another data folder"),
    )
)
_LEFTOVER_FLAG = re.compile(r"(?<![\w-])--[a-z][a-z-]+")


def in_app_words(text: Any) -> str:
    """``text`` with command-line phrases replaced by what to do in the app."""
    result = "" if text is None else str(text)
    for pattern, replacement in _REPLACEMENTS:
        result = pattern.sub(replacement, result)
    # Any flag the table does not know yet reads as a plain word rather than CLI syntax.
    return _LEFTOVER_FLAG.sub(lambda m: m.group(0)[2:].replace("-", " "), result)
