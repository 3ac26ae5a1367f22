"""Limits on the free text people type, checked before anything reaches a database.

The same rules hold on SQLite and PostgreSQL (whose columns would otherwise
disagree: one refuses 201 characters, the other keeps them):

- a name (applicant, organisation, contact): not empty once trimmed, at most
  200 characters, no control or invisible format characters (newlines, NUL,
  zero-width spaces, line separators), which would break a one-line listing;
- a note or reason: at most 2,000 characters, newlines and tabs allowed, no NUL
  and no other control characters.

Surrounding white space is trimmed; what is stored is the trimmed text.
"""

from __future__ import annotations

import unicodedata

from engine.errors import BadText

__all__ = ["NAME_MAX", "NOTE_MAX", "REQUEST_ID_MAX", "checked_name", "checked_note",
           "checked_request_id"]  # fmt: skip

NAME_MAX, NOTE_MAX, REQUEST_ID_MAX = 200, 2000, 64
_NOTE_ALLOWED = {"\n", "\t"}
# control, format (zero-width), surrogate, private-use and unassigned characters, and the
# line and paragraph separators: each would break a one-line listing or hide text
_REFUSED = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def _bad_character(text: str, allowed: set[str]) -> str | None:
    for ch in text:
        if ch in allowed:
            continue
        if unicodedata.category(ch) in _REFUSED:
            return f"U+{ord(ch):04X}"
    return None


def checked_name(value: str, field: str) -> str:
    """`value` trimmed, or BadText naming `field` and what is wrong."""
    text = value.strip()
    if not text:
        raise BadText(field, "tidak boleh kosong")
    if len(text) > NAME_MAX:
        raise BadText(field, f"paling banyak {NAME_MAX} karakter (ada {len(text)})")
    bad = _bad_character(text, set())
    if bad:
        raise BadText(field, f"memuat karakter kendali atau tak terlihat ({bad})")
    return text


def checked_note(value: str | None, field: str) -> str | None:
    """A note or reason trimmed (None when empty), or BadText."""
    if value is None:
        return None
    text = value.replace("\r\n", "\n").strip()
    if len(text) > NOTE_MAX:
        raise BadText(field, f"paling banyak {NOTE_MAX} karakter (ada {len(text)})")
    bad = _bad_character(text, _NOTE_ALLOWED)
    if bad:
        raise BadText(field, f"memuat karakter kendali ({bad})")
    return text or None


def checked_request_id(value: str | None) -> str | None:
    """An idempotency key: 1 to 64 printable characters (None: the request has none)."""
    if value is not None and not (1 <= len(value) <= REQUEST_ID_MAX and value.isprintable()):
        raise BadText("kode permintaan", f"1-{REQUEST_ID_MAX} karakter yang dapat dicetak")
    return value
