"""Errors raised by the case engine. Each builds its own message from its data.

EngineError
├── BadInput                    exit code 2
│   ├── UnknownTrigger          the workflow has no such trigger at all
│   ├── TransitionNotAllowed    the trigger exists, but not from the case's state
│   ├── UnknownRequirement
│   ├── UnknownVariant
│   ├── BadEffectiveTime        --at outside the backdating policy
│   ├── BadText                 empty, too long, or control characters (engine.limits)
│   ├── ReasonRequired          a correction of the checklist without a reason
│   ├── NoteRequired            a send-back to the applicant without its reason
│   └── RequestReused           an idempotency key already used for another request
├── NotPermitted                exit code 3
│   ├── RoleRequired            the actor lacks the role (or holds it in another unit)
│   ├── SamePerson              a four-eyes step by the person who did the step before
│   ├── CaseClosed              the case has ended: its checklist no longer changes
│   ├── StaffInactive           the staff member was deactivated
│   └── GuardFailed             e.g. requirements_complete does not hold
└── Conflict                    exit code 4: the case changed since it was read
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

__all__ = [
    "BadEffectiveTime",
    "BadInput",
    "BadText",
    "CaseClosed",
    "Conflict",
    "EngineError",
    "GuardFailed",
    "NotPermitted",
    "NoteRequired",
    "ReasonRequired",
    "RequestReused",
    "RoleRequired",
    "SamePerson",
    "StaffInactive",
    "TransitionNotAllowed",
    "UnknownRequirement",
    "UnknownTrigger",
    "UnknownVariant",
]


class EngineError(Exception):
    exit_code = 1


class BadInput(EngineError):
    exit_code = 2


class NotPermitted(EngineError):
    exit_code = 3


class Conflict(EngineError):
    exit_code = 4

    def __init__(self, case_ref: str, expected: int, actual: int | None) -> None:
        self.case_ref, self.expected, self.actual = case_ref, expected, actual
        super().__init__(
            f"permohonan {case_ref} sudah berubah sejak dibaca (versi {expected}, "
            f"sekarang {actual}): baca ulang lalu coba lagi"
        )


def _listing(names: Sequence[str]) -> str:
    return ", ".join(names) if names else "(tidak ada)"


class UnknownTrigger(BadInput):
    def __init__(self, case_ref: str, state: str, trigger: str, allowed: Sequence[str]) -> None:
        self.case_ref, self.state, self.trigger, self.allowed = case_ref, state, trigger, allowed
        super().__init__(
            f"permohonan {case_ref}: langkah {trigger!r} tidak ada dalam alur layanan ini; "
            f"langkah yang bisa dari tahap {state!r}: {_listing(allowed)}"
        )


class TransitionNotAllowed(BadInput):
    def __init__(self, case_ref: str, state: str, trigger: str, allowed: Sequence[str]) -> None:
        self.case_ref, self.state, self.trigger, self.allowed = case_ref, state, trigger, allowed
        super().__init__(
            f"permohonan {case_ref}: langkah {trigger!r} tidak dapat dilakukan pada tahap "
            f"{state!r}; langkah yang bisa: {_listing(allowed)}"
        )


class UnknownRequirement(BadInput):
    def __init__(self, case_ref: str, requirement: str, known: Sequence[str]) -> None:
        self.case_ref, self.requirement, self.known = case_ref, requirement, known
        super().__init__(
            f"permohonan {case_ref}: persyaratan {requirement!r} tidak dikenal; "
            f"persyaratan: {_listing(known)}"
        )


class UnknownVariant(BadInput):
    def __init__(self, workflow_id: str, variant: str | None, known: Sequence[str]) -> None:
        self.workflow_id, self.variant, self.known = workflow_id, variant, known
        what = f"varian {variant!r} tidak dikenal" if variant else "varian wajib dipilih"
        super().__init__(f"layanan {workflow_id}: {what}; pilihan: {_listing(known)}")


class BadEffectiveTime(BadInput):
    def __init__(self, case_ref: str, at: datetime, reason: str) -> None:
        self.case_ref, self.at, self.reason = case_ref, at, reason
        super().__init__(f"permohonan {case_ref}: waktu {at.isoformat()} {reason}")


class RoleRequired(NotPermitted):
    def __init__(self, case_ref: str, nip: str, role: str, where: str) -> None:
        self.case_ref, self.nip, self.role, self.where = case_ref, nip, role, where
        super().__init__(
            f"permohonan {case_ref}: pegawai {nip} tidak memegang peran {role!r} di {where}"
        )


class GuardFailed(NotPermitted):
    """`unmet` is the guard's phrase in `engine.definition.GUARDS`; `missing` what it lacks."""

    def __init__(self, case_ref: str, guard: str, unmet: str, missing: Sequence[str]) -> None:
        self.case_ref, self.guard, self.missing = case_ref, guard, missing
        detail = f": {', '.join(missing)}" if missing else ""
        super().__init__(f"permohonan {case_ref}: {unmet}{detail}")


class BadText(BadInput):
    def __init__(self, field: str, problem: str) -> None:
        self.field, self.problem = field, problem
        super().__init__(f"{field}: {problem}")


class ReasonRequired(BadInput):
    def __init__(self, case_ref: str, why: str) -> None:
        self.case_ref = case_ref
        super().__init__(f"permohonan {case_ref}: {why}; sebutkan alasannya dengan --reason")


class NoteRequired(BadInput):
    """A step that sends the berkas back to the applicant (`Definition.sends_back`) was
    given no note: the note is the reason, which the applicant is told."""

    def __init__(self, case_ref: str, trigger: str, label: str) -> None:
        self.case_ref, self.trigger, self.label = case_ref, trigger, label
        super().__init__(
            f'permohonan {case_ref}: alasan pengembalian wajib diisi: langkah "{label}" '
            "mengembalikan berkas kepada pemohon; tuliskan apa yang kurang atau harus diperbaiki"
        )


class RequestReused(BadInput):
    def __init__(self, request_id: str, what: str) -> None:
        self.request_id = request_id
        super().__init__(
            f"kode permintaan {request_id!r} sudah dipakai untuk {what}; "
            "gunakan kode lain untuk permintaan yang berbeda"
        )


class SamePerson(NotPermitted):
    def __init__(self, case_ref: str, nip: str, trigger: str, earlier: str) -> None:
        self.case_ref, self.nip, self.trigger, self.earlier = case_ref, nip, trigger, earlier
        super().__init__(
            f"permohonan {case_ref}: langkah {trigger!r} harus dilakukan pegawai lain; "
            f"pegawai {nip} sudah melakukan langkah {earlier!r} (prinsip empat mata)"
        )


class StaffInactive(NotPermitted):
    def __init__(self, nip: str) -> None:
        self.nip = nip
        super().__init__(f"pegawai {nip} sudah dinonaktifkan dan tidak dapat bertindak")


class CaseClosed(NotPermitted):
    def __init__(self, case_ref: str, outcome: str) -> None:
        self.case_ref, self.outcome = case_ref, outcome
        super().__init__(f"permohonan {case_ref} sudah berakhir ({outcome}): tidak dapat diubah")
