"""The columns of each report as people read them: (key of the report's rows, heading in
Bahasa Indonesia). The terminal tables, the CSV, the workbook and the demo all use these."""

from __future__ import annotations

__all__ = ["LATE", "LATE_NARROW", "MONTHS", "SERVICES", "STEPS", "UNITS", "WORKLOAD"]

LATE = [
    ("unit", "Bagian"), ("service", "Layanan"), ("ref", "Nomor"), ("applicant", "Pemohon"),
    ("state_label", "Tahap"), ("holder", "Dipegang"), ("deadline", "Tenggat"),
    ("detail", "Keterlambatan"), ("escalation", "Eskalasi"), ("backdated", "Mundur"),
]  # fmt: skip
LATE_NARROW = [
    ("ref", "Nomor"), ("holder", "Dipegang"), ("deadline", "Tenggat"),
    ("detail", "Keterlambatan"), ("escalation", "Eskalasi"),
]  # fmt: skip
SERVICES = [
    ("unit", "Bagian"), ("service", "Layanan"), ("commitment", "Standar"),
    ("received", "Diterima"), ("completed", "Selesai"), ("on_time", "Tepat waktu"),
    ("on_time_pct", "%"), ("median_days", "Median (hari kerja)"), ("p90_days", "P90"),
    ("paused_hours", "Dijeda (jam)"), ("cancelled", "Dibatalkan"), ("lapsed", "Gugur"),
    ("open_breaches_at_end", "Terlambat di akhir"),
]  # fmt: skip
WORKLOAD = [
    ("unit", "Bagian"), ("holder", "Pemegang"), ("open", "Terbuka"),
    ("at_risk", "Berisiko"), ("late", "Terlambat"),
]  # fmt: skip
UNITS = [
    ("institution", "Instansi"), ("unit", "Bagian"), ("received", "Diterima"),
    ("completed", "Selesai"), ("on_time", "Tepat waktu"), ("on_time_pct", "%"),
    ("cancelled", "Dibatalkan"), ("lapsed", "Gugur"),
]  # fmt: skip
MONTHS = [("month", "Bulan"), ("received", "Diterima"), ("completed", "Selesai"),
          ("on_time", "Tepat waktu")]  # fmt: skip
STEPS = [
    ("unit", "Bagian"), ("service", "Layanan"), ("state_label", "Tahap"),
    ("commitment", "Standar tahap"), ("count", "Selesai"), ("kept", "Sesuai standar"),
    ("kept_pct", "%"),
]  # fmt: skip
