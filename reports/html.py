"""One self-contained HTML page of the supervisors' reports: tables and inline SVG charts,
no script and no request leaving the page, so it opens anywhere, offline.

Charts: the on-time rate per unit and per service, breaches per week, the distribution of
completion times (hari kerja) per service, and open cases by holder. Every text is
escaped; labels and dates are in Bahasa Indonesia.
"""

from __future__ import annotations

from html import escape
from typing import Any

from app.timefmt import long_time
from reports.columns import STEPS

__all__ = ["dashboard_charts", "report_page"]

_STYLE = """
body{font-family:system-ui,sans-serif;margin:1.5rem;color:#1b1b1b;max-width:72rem}
h1{font-size:1.4rem}h2{font-size:1.15rem;margin-top:2rem}h3{font-size:1rem}
table{border-collapse:collapse;font-size:.85rem}td,th{border:1px solid #ccc;padding:.2rem .4rem}
th{background:#eef}td:first-child{white-space:nowrap}
svg{display:block;margin:.5rem 0}
"""


def _bars(
    title: str, items: list[tuple[str, float]], unit: str = "", top: float | None = None
) -> str:
    """A horizontal bar chart as SVG: one labelled bar per item."""
    if not items:
        return f"<p>{escape(title)}: tidak ada data.</p>"
    top = top or max(v for _, v in items) or 1
    row, label_w, bar_w = 22, 260, 420
    height = row * len(items) + 10
    parts = [f'<svg role="img" aria-label="{escape(title)}" width="{label_w + bar_w + 80}" '
             f'height="{height}" xmlns="http://www.w3.org/2000/svg">']  # fmt: skip
    for i, (label, value) in enumerate(items):
        y, w = i * row + 5, int(bar_w * value / top)
        parts.append(f'<text x="0" y="{y + 14}" font-size="12">{escape(label[:40])}</text>')
        parts.append(
            f'<rect x="{label_w}" y="{y}" width="{max(w, 1)}" height="16" fill="#3b6fb6"/>'
        )
        parts.append(f'<text x="{label_w + w + 4}" y="{y + 13}" font-size="12">'
                     f"{escape(f'{value:g}{unit}')}</text>")  # fmt: skip
    parts.append("</svg>")
    return f"<h3>{escape(title)}</h3>" + "".join(parts)


def _table(rows: list[dict[str, Any]], columns: list[tuple[str, str]]) -> str:
    if not rows:
        return "<p>Tidak ada.</p>"
    head = "".join(f"<th>{escape(h)}</th>" for _, h in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape('' if r.get(k) is None else str(r.get(k)))}</td>"
                         for k, _ in columns) + "</tr>"
        for r in rows
    )  # fmt: skip
    return f"<table><tr>{head}</tr>{body}</table>"


def dashboard_charts(compliance: dict[str, Any], workload: list[dict[str, Any]]) -> str:
    """The charts of the supervisors' web page, as inline SVG (escaped, no script)."""
    services = [(s["service_name"], s["on_time_pct"] or 0.0) for s in compliance["services"]
                if s["on_time_pct"] is not None]  # fmt: skip
    weeks = [(w["week"], float(w["breaches"])) for w in compliance["weeks"]]
    holders = [(f"{w['holder']} ({w['unit']})", float(w["open"])) for w in workload[:15]]
    return "".join([
        _bars("Persentase tepat waktu per layanan", services, "%", 100),
        _bars("Tenggat terlewati per minggu", weeks),
        _bars("Permohonan terbuka per pemegang", holders),
    ])  # fmt: skip


def report_page(title: str, compliance: dict[str, Any], late: dict[str, Any],
                workload: list[dict[str, Any]]) -> str:  # fmt: skip
    """The page for one period's compliance, the breaches now and the workload."""
    units = [(f"{u['institution']} {u['unit']}", u["on_time_pct"] or 0.0)
             for u in compliance["units"] if u["on_time_pct"] is not None]  # fmt: skip
    services = [(s["service_name"], s["on_time_pct"] or 0.0) for s in compliance["services"]
                if s["on_time_pct"] is not None]  # fmt: skip
    weeks = [(w["week"], float(w["breaches"])) for w in compliance["weeks"]]
    steps = [(f"{s['service_name']}: {s['state_label']}", s["kept_pct"])
             for s in compliance["steps"]]  # fmt: skip
    holders = [(f"{w['holder']} ({w['unit']})", float(w["open"])) for w in workload[:25]]
    spread = "".join(
        _bars(f"Lama penyelesaian: {s['service_name']}",
              [(f"{d} hari kerja", float(n)) for d, n in s["distribution"].items()])
        for s in compliance["services"] if s["distribution"]
    )  # fmt: skip
    late_cols = [("ref", "Nomor"), ("unit", "Bagian"), ("service_name", "Layanan"),
                 ("holder", "Dipegang"), ("deadline", "Tenggat"), ("detail", "Keterlambatan"),
                 ("escalation", "Eskalasi")]  # fmt: skip
    service_cols = [("unit", "Bagian"), ("service_name", "Layanan"), ("commitment", "Standar"),
                    ("received", "Diterima"), ("completed", "Selesai"),
                    ("on_time_pct", "% tepat"),
                    ("median_days", "Median"), ("p90_days", "P90"), ("cancelled", "Batal"),
                    ("lapsed", "Gugur"),
                    ("open_breaches_at_end", "Terlambat di akhir")]  # fmt: skip
    return "".join([
        '<!doctype html><html lang="id"><head><meta charset="utf-8">',
        f"<title>{escape(title)}</title>",
        f"<style>{_STYLE}</style></head><body><h1>{escape(title)}</h1>",
        "<h2>Ketepatan waktu</h2>",
        _bars("Persentase tepat waktu per bagian", units, "%", 100),
        _bars("Persentase tepat waktu per layanan", services, "%", 100),
        _bars("Tenggat terlewati per minggu", weeks),
        _bars("Standar waktu tahap yang dipenuhi", steps, "%", 100) if steps else "",
        "<h2>Sebaran lama penyelesaian</h2>", spread or "<p>Tidak ada yang selesai.</p>",
        _bars("Permohonan terbuka per pemegang", holders),
        f"<h2>Terlambat sekarang ({len(late['late'])})</h2>",
        _table([{**r, "deadline": long_time(r["deadline"])} for r in late["late"]], late_cols),
        "<h2>Kepatuhan per layanan</h2>", _table(compliance["services"], service_cols),
        "<h2>Standar waktu per tahap</h2>",
        _table(compliance["steps"], STEPS) if steps else "<p>Tidak ada tahap berstandar.</p>",
        "</body></html>\n",
    ])  # fmt: skip
