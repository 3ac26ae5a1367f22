"""Which workflow folders this process serves: set once by the command line's root
callback, read by `app.definitions`. Kept apart so that setting it costs no import of
the loader, the models or the database."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from workflows.search_path import SearchPath

__all__ = ["REPORT", "SEARCH", "use_search_path"]

SEARCH: list[SearchPath | None] = [None]  # None: read the environment when asked
REPORT: list[Callable[[str], None] | None] = [None]


def use_search_path(search: SearchPath | None, report: Callable[[str], None] | None = None) -> None:
    """Serve the definitions of `search` (None: the environment's); `report` receives
    one warning line per bad file when the catalogue is loaded."""
    SEARCH[0], REPORT[0] = search, report
