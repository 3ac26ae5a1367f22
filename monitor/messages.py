"""The words of a digest: Jinja2 templates in Bahasa Indonesia (`monitor/templates/`)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template

__all__ = ["DIGEST_LIMIT", "LEVEL_LABELS", "render_digest", "worst_level"]

DIGEST_LIMIT = 50  # cases listed in one message; the rest are counted and pointed to

TEMPLATES = Path(__file__).parent / "templates"

LEVEL_LABELS = {
    "berisiko": "Berisiko terlambat",
    "terlambat": "Terlambat",
    "asisten": "Eskalasi kepada Asisten",
    "sekda": "Eskalasi kepada Sekretaris Daerah",
    "menunggu_pemohon": "Menunggu pemohon (mohon hubungi pemohon)",
}
_SEVERITY = ("menunggu_pemohon", "berisiko", "terlambat", "asisten", "sekda")


@lru_cache(maxsize=4)
def _template(name: str) -> Template:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        undefined=StrictUndefined,
        autoescape=False,  # plain text messages, never HTML
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env.get_template(name)


def worst_level(levels: Iterable[str]) -> str:
    """The most severe of these levels (a digest's subject names it)."""
    return max(levels, key=_SEVERITY.index)


def render_digest(
    name: str, items: list[dict[str, Any]], total: int | None = None, worst: str | None = None
) -> tuple[str, str]:
    """(subject, body) of one person's digest; `items` most late first, the first
    `DIGEST_LIMIT` listed. `total` and `worst` describe all the person's cases when `items`
    holds only the first of them (by default: `items` is all)."""
    worst = worst or worst_level(i["level"] for i in items)
    count = len(items) if total is None else total
    subject = f"[alur] {count} permohonan perlu perhatian: {LEVEL_LABELS[worst].lower()}"
    body = _template("digest.txt.j2").render(
        name=name,
        items=items[:DIGEST_LIMIT],
        more=max(count - DIGEST_LIMIT, 0),
        total=count,
        labels=LEVEL_LABELS,
    )
    return subject, body
