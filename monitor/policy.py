"""The escalation policy of an institution: who hears about a permohonan, and when.

A policy is a YAML file, one per institution, shipped in `monitor/policies/` and replaced
by an office's own file of the same name in the folder the setting `monitor_policies`
(``ALUR_MONITOR_POLICIES``) names. It is checked once when read; every problem is
reported together, in Bahasa Indonesia.

The levels, from mild to severe (`Level`):

- ``berisiko``: the case (or its step) has used `at_risk` of its service time (default:
  the workflow's own `sla.at_risk`): the holder;
- ``terlambat``: past the deadline: the holder and the unit's Kabag (a step commitment
  alone, with the whole case still on time: the holder only);
- ``asisten``: late for more than `asisten_after` working days: the Asisten (role
  ``asisten`` in the institution);
- ``sekda``: late for more than `sekda_after` working days: the Sekretaris Daerah
  (role ``sekda``);
- ``menunggu_pemohon``: the case has waited on the applicant `chase_applicant_after`
  working days: the staff who record the applicant's steps, to chase the applicant. This
  is not a breach of the office (its clock is paused).

"The holder" is the person the case was given to (disposisi), else every active staff
member holding the step's acting role in the unit. A level whose audience is nobody
falls to the next audience (holder → Kabag → Asisten → Sekda), and the alert says so.
"""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from monitor.errors import PolicyInvalid

__all__ = [
    "AUDIENCE_CHAIN",
    "POLICY_ENV",
    "SHIPPED_POLICIES",
    "Contact",
    "Level",
    "Policy",
    "load_policy",
    "parse_policy",
    "policy_for",
]

POLICY_ENV = "ALUR_MONITOR_POLICIES"
SHIPPED_POLICIES = Path(__file__).parent / "policies"


class Level(StrEnum):
    AT_RISK = "berisiko"
    BREACHED = "terlambat"
    ASISTEN = "asisten"
    SEKDA = "sekda"
    APPLICANT = "menunggu_pemohon"

    @property
    def kind(self) -> str:
        """How the alert reads in a case's history: a warning or an escalation."""
        return "eskalasi" if self in (Level.ASISTEN, Level.SEKDA) else "peringatan"


# Who a level addresses, and the order a level with nobody falls through.
AUDIENCE_CHAIN = ("pemegang", "kabag", "asisten", "sekda")
LEVEL_AUDIENCES: dict[Level, tuple[str, ...]] = {
    Level.AT_RISK: ("pemegang",),
    Level.BREACHED: ("pemegang", "kabag"),
    Level.ASISTEN: ("asisten",),
    Level.SEKDA: ("sekda",),
    Level.APPLICANT: ("pencatat",),
}


class Contact(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    email: str | None = Field(None, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    phone: str | None = Field(None, pattern=r"^\+?[0-9]{8,15}$")


class Policy(BaseModel):
    """One institution's policy (see the module docstring)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    institution: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    at_risk: float | None = Field(None, gt=0, lt=1)
    asisten_after: int = Field(2, ge=0, le=60)
    sekda_after: int = Field(5, ge=0, le=120)
    chase_applicant_after: int = Field(3, ge=1, le=60)
    channel: Literal["file", "smtp", "webhook"] = "file"
    contacts: dict[str, Contact] = Field(default_factory=dict)

    def threshold(self, workflow_at_risk: float) -> float:
        return self.at_risk if self.at_risk is not None else workflow_at_risk

    def address(self, nip: str) -> str | None:
        """Where a person is reached on this policy's channel (None: not known)."""
        contact = self.contacts.get(nip)
        if contact is None:
            return None
        return contact.email if self.channel == "smtp" else contact.phone


_MESSAGES = {
    "extra_forbidden": "kunci tidak dikenal",
    "missing": "wajib diisi",
    "greater_than": "harus lebih dari {gt}",
    "less_than": "harus kurang dari {lt}",
    "greater_than_equal": "paling sedikit {ge}",
    "less_than_equal": "paling banyak {le}",
    "literal_error": "harus salah satu dari {expected}",
    "string_pattern_mismatch": "bentuknya tidak sah",
    "int_parsing": "harus bilangan bulat",
    "int_from_float": "harus bilangan bulat",
    "float_parsing": "harus bilangan",
    "string_type": "harus teks",
    "dict_type": "harus pemetaan (kunci: nilai)",
    "model_type": "harus pemetaan (kunci: nilai)",
}


def _word(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return str(value).replace(" or ", " atau ")


def _problem(error: Any) -> str:
    where = ".".join(str(p) for p in error["loc"]) or "(berkas)"
    template = _MESSAGES.get(error["type"])
    ctx = {k: _word(v) for k, v in (error.get("ctx") or {}).items()}
    text = template.format(**ctx) if template else error["msg"]
    return f"{where}: {text}"


def parse_policy(text: str, source: str, institution: str | None = None) -> Policy:
    """The policy in YAML `text`; `PolicyInvalid` naming every problem, once each."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"baris {mark.line + 1}: " if mark is not None else ""
        raise PolicyInvalid(source, [f"{line}bukan YAML yang sah"]) from exc
    if not isinstance(data, dict):
        raise PolicyInvalid(source, ["isi berkas harus pemetaan (kunci: nilai)"])
    problems: list[str] = []
    policy = None
    try:
        policy = Policy.model_validate(data)
    except ValidationError as exc:
        problems += list(dict.fromkeys(_problem(e) for e in exc.errors()))
    if policy is not None:
        if policy.sekda_after < policy.asisten_after:
            problems.append("sekda_after: tidak boleh kurang dari asisten_after")
        if institution is not None and policy.institution != institution:
            problems.append(f"institution: {policy.institution!r} bukan {institution!r}")
    if problems or policy is None:
        raise PolicyInvalid(source, problems)
    return policy


def load_policy(path: Path, institution: str | None = None) -> Policy:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PolicyInvalid(str(path), [f"tidak dapat dibaca ({exc})"]) from exc
    return parse_policy(text, str(path), institution)


@lru_cache(maxsize=64)
def _cached(path: Path, mtime_ns: int, institution: str) -> Policy:
    return load_policy(path, institution)


def policy_for(institution: str, office_folder: Path | None = None) -> Policy:
    """The policy of `institution`: the office's file if there is one, else the shipped one,
    else the defaults (every threshold as documented, the `file` channel)."""
    for folder in (office_folder, SHIPPED_POLICIES):
        if folder is None:
            continue
        path = folder / f"{institution}.yaml"
        if path.is_file():
            return _cached(path, path.stat().st_mtime_ns, institution)
    return Policy(institution=institution)
