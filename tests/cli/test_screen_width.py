"""Tables read on an 80-column terminal: references and dates are never broken."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

import app.output as output
from app.cli.casefmt import print_cases, print_history


@pytest.fixture
def screen(monkeypatch):
    buffer = io.StringIO()
    monkeypatch.setattr(output, "_CONSOLE", [Console(file=buffer, width=80, soft_wrap=True)])
    return buffer


def _case(n: int, **extra) -> dict:
    return {
        "ref": f"PPU-PBJ-2026-{n:06d}",
        "service": "ppu-pbj-pendampingan-pengadaan-barang-jasa-melalui-penyedia",
        "applicant": "Dinas Pekerjaan Umum dan Penataan Ruang Kabupaten Penajam Paser Utara",
        "state_label": "Kepala Bagian menelaah berkas dan menandatangani surat jawaban",
        "holder": "Kepala Bagian Pengadaan Barang dan Jasa",
        "deadline": "2026-11-25T15:45:00+08:00",
        "sla_status": "at_risk",
        "paused": False,
        "sla_detail": "sisa 2 jam 15 menit",
        **extra,
    }


def test_case_list_fits_80_columns_without_breaking_refs_or_dates(screen):
    print_cases([_case(1), _case(2, sla_status="breached", paused=True)], "2 permohonan")
    lines = screen.getvalue().splitlines()
    assert max(len(line) for line in lines) <= 80
    text = "\n".join(lines)
    assert "PPU-PBJ-2026-000001" in text and "PPU-PBJ-2026-000002" in text
    assert text.count("25 Nov 15.45") == 2
    assert "berisiko" in text and "dijeda" in text and "(terlambat)" in text  # may wrap
    assert "at_risk" not in text and "breached" not in text


def test_a_paused_status_does_not_squeeze_the_step_and_holder_to_fragments(screen):
    """The status is words, not a reference: it may wrap, so the step and the holder keep
    room for whole words on 80 columns (a no-wrap `dijeda (sesuai jadwal)` left them 3)."""
    long_ref = {"ref": "PKL-PROKOPIM-2026-000006", "sla_status": "on_track", "paused": True}
    print_cases([_case(1, **long_ref)], "1 permohonan")
    lines = screen.getvalue().splitlines()
    assert max(len(line) for line in lines) <= 80
    words = {w for line in lines for w in line.replace("│", " ").split()}
    assert {"menelaah", "Pengadaan", "Barang"} <= words, lines


def test_wide_shows_every_column_and_full_dates(screen):
    print_cases([_case(1)], "1 permohonan", wide=True)
    text = screen.getvalue()
    assert "Rabu, 25 Nov 2026 15.45 WITA" in text
    assert "Pemohon" in text and "Keterangan" in text


def test_history_fits_80_columns(screen):
    event = {
        "seq": 1,
        "effective_at": "2026-11-25T07:28:29+07:00",
        "recorded_at": "2026-11-25T07:28:29+07:00",
        "trigger": "buka_permohonan",
        "to_state": "berkas_diterima",
        "actor_name": "Sri Lestari",
        "role": "petugas",
        "note": "berkas diterima lengkap dengan lampiran kontrak dan berita acara " * 2,
    }
    print_history("PKL-PBJ-2026-000001", [event])
    lines = screen.getvalue().splitlines()
    assert max(len(line) for line in lines) <= 80
    assert "25 Nov 07.28" in "\n".join(lines)
    assert "buka_permohonan" in "\n".join(lines)


def test_times_and_references_are_never_broken_in_any_table(screen):
    from app.output import print_table

    row = {"ref": "PKL-PROKOPIM-2026-000006", "created_at": "27 Apr 01.00", "due": "4 Des 11.00"}
    row |= {f"c{i}": "kata panjang sekali di sini" for i in range(4)}
    columns = [("ref", "Nomor"), *((f"c{i}", f"Kolom {i}") for i in range(4))]
    print_table([row], [*columns, ("created_at", "Dibuat"), ("due", "Tenggat")])
    text = screen.getvalue()
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "PKL-PROKOPIM-2026-000006" in text and "27 Apr 01.00" in text and "4 Des 11.00" in text


def _table_commands():
    """(command, its --help) of every command whose --format offers a table."""
    import typer
    from typer.testing import CliRunner

    from cli import app

    def walk(command, path):
        if hasattr(command, "commands"):  # a group
            for name, sub in command.commands.items():
                yield from walk(sub, [*path, name])
            return
        text = CliRunner().invoke(app, [*path, "--help"]).output
        if any(line.split()[:1] == ["--format"] and "table" in line for line in text.splitlines()):
            yield " ".join(path), text

    return list(walk(typer.main.get_command(app), []))


def test_every_command_that_prints_a_table_offers_wide():
    commands = _table_commands()
    assert len(commands) > 10
    assert [path for path, text in commands if "--wide" not in text] == []
