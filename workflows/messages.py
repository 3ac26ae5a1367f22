"""Pydantic's field errors in Bahasa Indonesia, for the staff who write workflow files.

Each error type pydantic can raise on a workflow file's fields gets a sentence of its
own, with the limits it carries (pattern, length, bound, choices); a type not listed keeps
pydantic's English text behind an Indonesian lead, so nothing is ever lost.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["indonesian"]

_Ctx = dict[str, Any]

_MESSAGES: dict[str, Callable[[_Ctx], str]] = {
    "missing": lambda c: "kunci wajib belum diisi",
    "extra_forbidden": lambda c: "kunci tidak dikenal",
    "string_type": lambda c: "harus berupa teks",
    "int_type": lambda c: "harus berupa bilangan bulat",
    "int_parsing": lambda c: "harus berupa bilangan bulat",
    "int_from_float": lambda c: "harus berupa bilangan bulat, bukan pecahan",
    "float_type": lambda c: "harus berupa angka",
    "float_parsing": lambda c: "harus berupa angka",
    "bool_type": lambda c: "harus true atau false",
    "bool_parsing": lambda c: "harus true atau false",
    "list_type": lambda c: "harus berupa daftar, mis. [a, b]",
    "dict_type": lambda c: "harus berupa pemetaan (kunci: nilai)",
    "model_type": lambda c: "harus berupa pemetaan (kunci: nilai)",
    "model_attributes_type": lambda c: "harus berupa pemetaan (kunci: nilai)",
    "string_pattern_mismatch": lambda c: f"tidak sesuai pola {c.get('pattern')}",
    "string_too_long": lambda c: f"paling banyak {c.get('max_length')} karakter",
    "string_too_short": lambda c: f"paling sedikit {c.get('min_length')} karakter",
    "too_short": lambda c: f"paling sedikit {c.get('min_length')} butir",
    "too_long": lambda c: f"paling banyak {c.get('max_length')} butir",
    "greater_than": lambda c: f"harus lebih dari {c.get('gt')}",
    "greater_than_equal": lambda c: f"harus sama dengan atau lebih dari {c.get('ge')}",
    "less_than": lambda c: f"harus kurang dari {c.get('lt')}",
    "less_than_equal": lambda c: f"harus sama dengan atau kurang dari {c.get('le')}",
    "enum": lambda c: f"harus salah satu dari: {c.get('expected')}",
    "literal_error": lambda c: f"harus salah satu dari: {c.get('expected')}",
}


def indonesian(err: dict[str, Any]) -> str:
    """The message of one pydantic error dict, in Bahasa Indonesia."""
    make = _MESSAGES.get(str(err.get("type")))
    if make is not None:
        return make(err.get("ctx") or {})
    return f"nilai tidak valid ({err.get('msg')})"
