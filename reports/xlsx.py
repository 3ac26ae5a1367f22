"""The supervisors' reports as one spreadsheet (offices live in spreadsheets): a sheet per
report, Indonesian headers, figures as numbers."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

__all__ = ["workbook_sheets", "write_workbook"]

Sheet = tuple[str, Sequence[dict[str, Any]], Sequence[tuple[str, str]]]


def write_workbook(path: Path, sheets: Sequence[Sheet]) -> None:
    """Write `sheets` (title, rows, columns as (key, header)) to the xlsx file `path`."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    for title, rows, columns in sheets:
        sheet = book.create_sheet(title[:31])
        sheet.append([header for _, header in columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([_cell(row.get(key)) for key, _ in columns])
        for i, (_, header) in enumerate(columns, start=1):
            width = max([len(header), *(len(str(r.get(columns[i - 1][0]) or "")) for r in rows)])
            sheet.column_dimensions[sheet.cell(1, i).column_letter].width = min(width + 2, 60)
    book.save(path)


def _cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, dict | list):
        return str(value)
    return value


def workbook_sheets(
    period: dict[str, Any], late: dict[str, Any], held: Sequence[dict[str, Any]]
) -> list[Sheet]:
    """The sheets of the supervisors' workbook: a period's compliance, the breaches now and
    the workload."""
    from reports.columns import LATE, MONTHS, SERVICES, STEPS, UNITS, WORKLOAD

    return [
        ("Kepatuhan", period["services"], SERVICES),
        ("Tanpa standar waktu", period["without_commitment"], SERVICES[:6]),
        ("Per bagian", period["units"], UNITS),
        ("Standar per tahap", period["steps"], STEPS),
        ("Per bulan", period["months"], MONTHS),
        ("Terlambat", late["late"], LATE),
        ("Berisiko", late["at_risk"], LATE[:8]),
        ("Beban kerja", held, WORKLOAD),
    ]
