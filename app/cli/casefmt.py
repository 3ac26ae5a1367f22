"""How a case, a list of cases and a case's history read on screen (80 columns by default)."""

from __future__ import annotations

from typing import Any

import typer

from app.output import print_table
from app.timefmt import long_time, short_time, status_word

__all__ = ["print_cases", "print_history", "print_summary"]


_OUTCOMES = {"selesai": "selesai", "ditolak": "ditolak", "dibatalkan": "dibatalkan",
             "gugur": "gugur (melewati batas menunggu pemohon)"}  # fmt: skip


def print_summary(s: dict[str, Any]) -> None:
    if s.get("as_of"):
        typer.echo(f"Keadaan pada {long_time(s['as_of'])}")
    typer.echo(f"{s['ref']}  {s['service_name']} [{s['service']}]")
    typer.echo(f"Pemohon: {s['applicant']}" + (f" ({s['org']})" if s["org"] else ""))
    typer.echo(f"Tahap: {s['state_label']} [{s['state']}]")
    if s["outcome"]:
        typer.echo(f"Berakhir: {_OUTCOMES.get(s['outcome'], s['outcome'])}")
    elif s["holder"]:
        typer.echo(f"Dipegang: {s['holder']}")
    typer.echo(f"Versi: {s['version']}")
    typer.echo(f"Diterima: {long_time(s['received_at'])}")
    typer.echo(f"Waktu penyelesaian: {s['sla']}")
    typer.echo(f"Tenggat: {long_time(s['due'])}")
    if s["step_due"]:
        typer.echo(f"Tenggat tahap ini: {long_time(s['step_due'])}")
    paused = " — jam berhenti: menunggu pemohon" if s["paused"] else ""
    if s["outcome"] in ("dibatalkan", "gugur"):  # not completed: no verdict on the commitment
        typer.echo(f"Status: {s['outcome']} — tidak dinilai terhadap standar waktu")
    else:
        word = status_word(s["sla_status"], s["paused"])
        typer.echo(f"Status: {word}{paused} — {s['sla_detail']}")
    if not s["outcome"]:
        typer.echo(f"Bisa dilakukan sekarang: {', '.join(s['allowed_triggers']) or '-'}")
        for item in s.get("blocked", []):
            typer.echo(f"Terhalang: {item['trigger']} — {item['reason']}")
    if s["checklist"]:
        typer.echo("Persyaratan:")
        for item in s["checklist"]:
            optional = " (opsional)" if item["optional"] else ""
            mark = "x" if item["done"] else " "
            typer.echo(f"  [{mark}] {item['id']}: {item['text']}{optional}")


# On 80 columns: the deadline with its status under it (one column, not two), and the step
# and the holder shortened between words (`case show` and `--wide` give them whole).
_CASE_COLUMNS = [
    ("ref", "Nomor"),
    ("state_label", "Tahap"),
    ("holder", "Dipegang"),
    ("deadline_status", "Tenggat"),
]
_CASE_WIDTHS = {"deadline_status": 14}  # `25 Nov 15.45` whole; `dijeda (sesuai` / `jadwal)`
_SHORT = 48  # characters of a step or a holder in the 80-column list: 3-4 lines of it
_WIDE_CASE_COLUMNS = [
    ("ref", "Nomor"),
    ("service", "Layanan"),
    ("applicant", "Pemohon"),
    ("state_label", "Tahap"),
    ("holder", "Dipegang"),
    ("deadline", "Tenggat"),
    ("status_label", "Status"),
    ("sla_detail", "Keterangan"),
]


def _shorten(text: str | None, limit: int = _SHORT) -> str:
    """`text` cut at the last space before `limit` characters, with `…` if anything is cut."""
    if not text:
        return "-"
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    head = head.rsplit(" ", 1)[0] if " " in head else head
    return head.rstrip(" ,;:") + "…"


def _short_row(r: dict[str, Any]) -> dict[str, Any]:
    status = status_word(r["sla_status"], r["paused"])
    return {
        "ref": r["ref"],
        "state_label": _shorten(r["state_label"]),
        "holder": _shorten(r["holder"]),
        "deadline_status": f"{short_time(r['deadline'])}\n{status}",
    }


def print_cases(rows: list[dict[str, Any]], title: str, *, wide: bool = False) -> None:
    if not rows:
        typer.echo(title)
        return
    if not wide:
        print_table(
            [_short_row(r) for r in rows],
            _CASE_COLUMNS,
            title=title,
            words=("state_label", "holder", "deadline_status"),
            widths=_CASE_WIDTHS,
        )
        return
    shown = [{**r, "status_label": status_word(r["sla_status"], r["paused"])} for r in rows]
    print_table(
        shown,
        _WIDE_CASE_COLUMNS,
        title=title,
        formatters={"deadline": long_time},
        wide=True,
    )


def print_history(ref: str, events: list[dict[str, Any]], *, wide: bool = False) -> None:
    columns = [("seq", "#"), ("effective_at", "Waktu"), ("trigger", "Langkah")]
    columns += [("actor_name", "Oleh")]
    if wide:
        columns += [("to_state", "Ke tahap"), ("role", "Peran"), ("recorded_at", "Dicatat")]
    columns += [("note", "Catatan")]
    when = long_time if wide else short_time
    events = [_history_row(e, when) for e in events]  # ticks name items; backdating shown
    print_table(
        events,
        columns,
        title=f"Riwayat {ref}",
        formatters={"recorded_at": when},
        no_wrap=("seq", "recorded_at", "trigger"),
        wide=wide,
    )


def _history_row(e: dict[str, Any], when: Any) -> dict[str, Any]:
    row = dict(e)
    if e.get("items") and e.get("kind") != "disposisi":  # a disposisi's note names the person
        row["trigger"] = f"{e['trigger']}: {', '.join(e['items'])}"
    effective = when(e["effective_at"]) if e.get("effective_at") else "-"
    row["effective_at"] = f"{effective} (mundur)" if e.get("backdated") else effective
    return row
