"""The workflow loader: one valid fixture and the malformed files derived from it.

Every malformed variant is a string edit of `fixtures/valid.yaml`; the expected
YAML line is found in the edited text itself (the line holding the edited key),
so the assertions pin both the line number and the dotted field path of the
documented message ``"<file>: N masalah: baris L field: message; ..."``.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from engine.definition import Outcome
from workflows.errors import DefinitionInvalid, DuplicateWorkflow, FileProblem, WorkflowError
from workflows.loader import load_all, load_file, load_text

FIXTURES = Path(__file__).parent / "fixtures"
VALID = FIXTURES / "valid.yaml"
NAME = "uji.yaml"
WORKFLOW_ID = "test-uji-layanan-minimal"


@pytest.fixture(scope="module")
def text() -> str:
    return VALID.read_text(encoding="utf-8")


def edit(text: str, old: str, new: str) -> str:
    """Replace one exact, unique snippet of the fixture."""
    assert text.count(old) == 1, f"snippet not unique in the fixture: {old!r}"
    return text.replace(old, new)


def line_of(text: str, needle: str) -> int:
    """1-based number of the only line containing `needle`."""
    hits = [i for i, line in enumerate(text.splitlines(), start=1) if needle in line]
    assert len(hits) == 1, f"{needle!r} is on lines {hits}"
    return hits[0]


def invalid(text: str, name: str = NAME) -> DefinitionInvalid:
    with pytest.raises(DefinitionInvalid) as info:
        load_text(text, name)
    assert info.value.path == name
    return info.value


def one_problem(text: str, line: int, field: str, message: str) -> None:
    exc = invalid(text)
    assert exc.problems == [FileProblem(line, field, message)]
    assert str(exc) == f"{NAME}: 1 masalah: baris {line} {field}: {message}"


# --- the valid fixture -------------------------------------------------------


def test_valid_fixture_loads(text: str) -> None:
    item = load_file(VALID)
    d = item.definition
    assert d.id == WORKFLOW_ID
    assert d.initial == "diterima"
    assert item.path == "tests/workflows/fixtures/valid.yaml"
    assert item.digest == hashlib.sha256(VALID.read_bytes()).hexdigest()
    assert sorted(d.terminal_states()) == ["ditolak", "selesai"]
    assert d.states["selesai"].outcome is Outcome.SELESAI
    assert d.roles["pemohon"].applicant and d.roles["pemohon"].recorded_by == "petugas"
    assert [r.id for r in d.requirements] == ["surat-permohonan"]
    # the send-back loop
    assert [t.dest for t in d.transitions_from("dikembalikan")] == ["verifikasi"]
    assert "dikembalikan" in [t.dest for t in d.transitions_from("verifikasi")]
    assert load_text(text, NAME).definition == d


def test_digest_follows_the_text(text: str) -> None:
    first = load_text(text, NAME)
    assert load_text(text, "other-name.yaml").digest == first.digest
    commented = load_text(text + "# an added comment changes the file\n", NAME)
    assert commented.definition == first.definition
    assert commented.digest != first.digest
    relabelled_text = edit(text, "label: Permohonan ditolak", "label: Ditolak")
    relabelled = load_text(relabelled_text, NAME)
    assert relabelled.digest not in {first.digest, commented.digest}
    assert relabelled.digest == hashlib.sha256(relabelled_text.encode()).hexdigest()


# --- field-level problems (the pydantic model) -------------------------------


def test_unknown_key_in_a_state(text: str) -> None:
    bad = edit(
        text,
        "    role: verifikator\n  dikembalikan:",
        "    role: verifikator\n    warna: biru\n  dikembalikan:",
    )
    one_problem(bad, line_of(bad, "warna: biru"), "states.verifikasi.warna", "kunci tidak dikenal")


def test_unknown_key_at_top_level_and_in_a_transition(text: str) -> None:
    bad = edit(text, "fee: Gratis\n", "fee: Gratis\nbiaya: nol\n")
    bad = edit(bad, "    to: dikembalikan\n", "    to: dikembalikan\n    ke: dikembalikan\n")
    exc = invalid(bad)
    assert set(exc.problems) == {
        FileProblem(line_of(bad, "biaya: nol"), "biaya", "kunci tidak dikenal"),
        FileProblem(line_of(bad, "ke: dikembalikan"), "transitions.1.ke", "kunci tidak dikenal"),
    }
    assert str(exc).startswith(f"{NAME}: 2 masalah: baris ")
    assert f"baris {line_of(bad, 'biaya: nol')} biaya: kunci tidak dikenal" in str(exc)
    assert f"baris {line_of(bad, 'ke: dikembalikan')} transitions.1.ke: kunci tidak dikenal" in str(
        exc
    )


def test_unknown_key_line_is_the_key_line(text: str) -> None:
    # One hard-coded number, in case line_of and the loader were wrong together.
    bad = edit(text, "fee: Gratis\n", "fee: Gratis\nbiaya: nol\n")
    assert str(invalid(bad)) == f"{NAME}: 1 masalah: baris 15 biaya: kunci tidak dikenal"


def test_missing_required_key(text: str) -> None:
    bad = edit(text, "supervisor: Kepala Bagian Uji Coba\n", "")
    (problem,) = invalid(bad).problems
    assert (problem.field, problem.message) == ("supervisor", "kunci wajib belum diisi")
    assert problem.line is not None


def test_bad_value_type_names_the_field(text: str) -> None:
    bad = edit(text, "version: 1\n", "version: 0\n")
    (problem,) = invalid(bad).problems
    assert (problem.line, problem.field) == (line_of(bad, "version: 0"), "version")
    assert problem.message == "harus sama dengan atau lebih dari 1"  # pydantic, in Indonesian


# --- graph problems (engine.checks) ------------------------------------------


def test_unreachable_state(text: str) -> None:
    bad = edit(
        text,
        "  selesai:\n",
        "  arsip:\n    label: Diarsipkan\n    role: petugas\n  selesai:\n",
    )
    bad = edit(
        bad,
        "sla:\n",
        "  - trigger: tutup_arsip\n    from: arsip\n    to: selesai\n    role: petugas\n\nsla:\n",
    )
    one_problem(
        bad, line_of(bad, "  arsip:"), "states.arsip", "tidak dapat dicapai dari tahap awal"
    )


def test_dead_end_state(text: str) -> None:
    bad = edit(
        text,
        "  selesai:\n",
        "  menunggu:\n    label: Menunggu tanpa akhir\n    role: verifikator\n  selesai:\n",
    )
    bad = edit(
        bad,
        "sla:\n",
        "  - {trigger: tunda, from: verifikasi, to: menunggu, role: verifikator}\n\nsla:\n",
    )
    one_problem(
        bad,
        line_of(bad, "  menunggu:"),
        "states.menunggu",
        "tidak ada langkah yang keluar dari tahap ini",
    )


def test_cycle_without_exit(text: str) -> None:
    bad = edit(
        text,
        "  selesai:\n",
        "  putar_a:\n    label: Putaran A\n    role: petugas\n"
        "  putar_b:\n    label: Putaran B\n    role: petugas\n  selesai:\n",
    )
    bad = edit(
        bad,
        "sla:\n",
        "  - {trigger: ke_a, from: verifikasi, to: putar_a, role: verifikator}\n"
        "  - {trigger: ke_b, from: putar_a, to: putar_b, role: petugas}\n"
        "  - {trigger: balik_a, from: putar_b, to: putar_a, role: petugas}\n\nsla:\n",
    )
    exc = invalid(bad)
    message = "tidak ada tahap akhir yang dapat dicapai dari sini"
    assert exc.problems == [
        FileProblem(line_of(bad, "  putar_a:"), "states.putar_a", message),
        FileProblem(line_of(bad, "  putar_b:"), "states.putar_b", message),
    ]
    assert str(exc).startswith(f"{NAME}: 2 masalah: ")
    # the states the loop is entered from can still finish
    assert "states.verifikasi" not in str(exc)


def test_terminal_state_with_a_transition_leaving(text: str) -> None:
    bad = edit(
        text,
        "sla:\n",
        "  - {trigger: buka_lagi, from: ditolak, to: verifikasi, role: petugas}\n\nsla:\n",
    )
    one_problem(
        bad,
        line_of(bad, "  ditolak:"),
        "states.ditolak",
        "tahap akhir (outcome) tidak boleh punya langkah keluar",
    )


def test_undeclared_role_in_a_state(text: str) -> None:
    bad = edit(
        text,
        "    label: Berkas diterima petugas\n    role: petugas\n",
        "    label: Berkas diterima petugas\n    role: kasir\n",
    )
    one_problem(
        bad,
        line_of(bad, "role: kasir"),
        "states.diterima.role",
        "peran 'kasir' tidak dideklarasikan",
    )


def test_undeclared_role_in_a_transition(text: str) -> None:
    bad = edit(
        text, "    to: ditolak\n    role: verifikator\n", "    to: ditolak\n    role: sekda\n"
    )
    one_problem(
        bad, line_of(bad, "role: sekda"), "transitions.4.role", "peran 'sekda' tidak dideklarasikan"
    )


def test_recorded_by_must_be_a_declared_role(text: str) -> None:
    bad = edit(text, "recorded_by: petugas}", "recorded_by: loket}")
    one_problem(
        bad,
        line_of(bad, "recorded_by: loket"),
        "roles.pemohon.recorded_by",
        "peran 'loket' tidak dideklarasikan",
    )


def test_recorded_by_undeclared_is_reported(text: str) -> None:
    bad = edit(text, "recorded_by: petugas}", "recorded_by: loket}")
    problems = invalid(bad).problems
    assert (
        FileProblem(
            line_of(bad, "recorded_by: loket"),
            "roles.pemohon.recorded_by",
            "peran 'loket' tidak dideklarasikan",
        )
        in problems
    )


def test_recorded_by_must_be_a_staff_role(text: str) -> None:
    bad = edit(
        text,
        "  petugas: {label: Petugas Penerima}",
        "  petugas: {label: Petugas Penerima}\n"
        "  wali: {label: Wali, applicant: true, recorded_by: pemohon}",
    )
    one_problem(
        bad,
        line_of(bad, "recorded_by: pemohon"),
        "roles.wali.recorded_by",
        "harus peran pegawai, bukan pemohon",
    )


def test_undeclared_state_in_a_transition(text: str) -> None:
    bad = edit(text, "    from: dikembalikan\n", "    from: dibatalkan\n")
    exc = invalid(bad)
    assert (
        FileProblem(
            line_of(bad, "from: dibatalkan"),
            "transitions.2.from",
            "tahap 'dibatalkan' tidak dideklarasikan",
        )
        in exc.problems
    )
    # with its only way out gone, `dikembalikan` becomes a dead end
    assert (
        FileProblem(
            line_of(bad, "  dikembalikan:"),
            "states.dikembalikan",
            "tidak ada langkah yang keluar dari tahap ini",
        )
        in exc.problems
    )
    assert len(exc.problems) == 2


def test_undeclared_destination_state(text: str) -> None:
    bad = edit(text, "    to: ditolak\n", "    to: dibatalkan\n")
    exc = invalid(bad)
    assert exc.problems[0] == FileProblem(
        line_of(bad, "to: dibatalkan"),
        "transitions.4.to",
        "tahap 'dibatalkan' tidak dideklarasikan",
    )
    # the terminal state nobody enters any more is unreachable
    assert exc.problems[1:] == [
        FileProblem(
            line_of(bad, "  ditolak:"), "states.ditolak", "tidak dapat dicapai dari tahap awal"
        )
    ]


def test_unknown_guard(text: str) -> None:
    bad = edit(text, "guards: [requirements_complete]", "guards: [sudah_bayar]")
    one_problem(
        bad,
        line_of(bad, "guards: [sudah_bayar]"),
        "transitions.3.guards",
        "guard tidak dikenal: 'sudah_bayar' (yang dikenal: requirements_complete)",
    )


# --- SLA problems -----------------------------------------------------------


def test_bad_sla_text_is_quoted(text: str) -> None:
    bad = edit(text, "  text: 4 hari kerja\n", "  text: 4 hari krja\n")
    exc = invalid(bad)
    (problem,) = exc.problems
    assert (problem.line, problem.field) == (line_of(bad, "text: 4 hari krja"), "sla.text")
    assert "'4 hari krja'" in problem.message
    assert str(exc).startswith(f"{NAME}: 1 masalah: baris {problem.line} sla.text: ")
    assert "'4 hari krja'" in str(exc)


def test_bad_step_sla_text_names_the_state(text: str) -> None:
    bad = edit(
        text,
        "    label: Verifikator memeriksa kelengkapan\n",
        "    label: Verifikator memeriksa kelengkapan\n    sla: dua hari krja\n",
    )
    (problem,) = invalid(bad).problems
    assert (problem.line, problem.field) == (
        line_of(bad, "sla: dua hari krja"),
        "states.verifikasi.sla",
    )
    assert "'dua hari krja'" in problem.message


def test_unknown_calendar(text: str) -> None:
    bad = edit(text, "calendar: pekalongan-a", "calendar: pekalongan-z")
    (problem,) = invalid(bad).problems
    assert (problem.line, problem.field) == (line_of(bad, "calendar: pekalongan-z"), "sla.calendar")
    assert "'pekalongan-z'" in problem.message
    assert "pekalongan-a" in problem.message  # the known names are listed


def test_sla_state_names_must_be_declared(text: str) -> None:
    bad = edit(text, "pauses_in: [dikembalikan]", "pauses_in: [ditunda]")
    one_problem(
        bad,
        line_of(bad, "pauses_in: [ditunda]"),
        "sla.pauses_in",
        "tahap 'ditunda' tidak dideklarasikan",
    )


# --- several problems, syntax, files ----------------------------------------


def test_several_problems_are_reported_together(text: str) -> None:
    bad = edit(
        text, "    to: ditolak\n    role: verifikator\n", "    to: ditolak\n    role: sekda\n"
    )
    bad = edit(bad, "guards: [requirements_complete]", "guards: [sudah_bayar]")
    bad = edit(bad, "  text: 4 hari kerja\n", "  text: 4 hari krja\n")
    exc = invalid(bad)
    assert [(p.line, p.field) for p in exc.problems] == [
        (line_of(bad, "guards: [sudah_bayar]"), "transitions.3.guards"),
        (line_of(bad, "role: sekda"), "transitions.4.role"),
        (line_of(bad, "text: 4 hari krja"), "sla.text"),
    ]
    message = str(exc)
    assert message.startswith(f"{NAME}: 3 masalah: baris ")
    assert message.count("; baris ") == 2
    for needle in ("'sekda'", "'sudah_bayar'", "'4 hari krja'"):
        assert needle in message


def test_field_and_graph_problems_are_reported_together(text: str) -> None:
    bad = edit(text, "fee: Gratis\n", "fee: Gratis\nbiaya: nol\n")
    bad = edit(bad, "guards: [requirements_complete]", "guards: [sudah_bayar]")
    exc = invalid(bad)
    assert str(exc).startswith(f"{NAME}: 2 masalah: ")
    assert exc.problems[0].field == "biaya"
    assert "sudah_bayar" in exc.problems[1].message


def test_wrong_field_types_stop_before_the_graph_checks(text: str) -> None:
    bad = edit(text, "fee: Gratis\n", "fee: [1, 2]\n")
    bad = edit(bad, "guards: [requirements_complete]", "guards: [sudah_bayar]")
    exc = invalid(bad)
    assert [p.field for p in exc.problems] == ["fee"]


def test_unknown_calendar_and_bad_sla_text_reported_together(text: str) -> None:
    bad = edit(text, "calendar: pekalongan-a", "calendar: pekalongan-z")
    bad = edit(bad, "  text: 4 hari kerja\n", "  text: 4 hari krja\n")
    assert [p.field for p in invalid(bad).problems] == ["sla.calendar", "sla.text"]


def test_duplicate_mapping_key_is_refused(text: str) -> None:
    bad = edit(
        text,
        "  selesai:\n",
        "  diterima:\n    label: Salinan yang tertimpa\n    role: petugas\n  selesai:\n",
    )
    exc = invalid(bad)
    assert exc.problems[0].line == line_of(bad, "Salinan yang tertimpa") - 1


def test_yaml_syntax_error_reports_the_line(text: str) -> None:
    bad = edit(text, "    role: pemohon\n  selesai:", "    role: pemohon: salah\n  selesai:")
    exc = invalid(bad)
    (problem,) = exc.problems
    assert problem.line == line_of(bad, "role: pemohon: salah")
    assert problem.message.startswith("sintaks YAML: ")
    assert str(exc).startswith(f"{NAME}: 1 masalah: baris {problem.line} sintaks YAML: ")


def test_unclosed_flow_sequence_is_a_syntax_error(text: str) -> None:
    bad = edit(text, "pauses_in: [dikembalikan]", "pauses_in: [dikembalikan")
    (problem,) = invalid(bad).problems
    assert problem.message.startswith("sintaks YAML: ")
    assert problem.line is not None and problem.line >= line_of(bad, "pauses_in: [dikembalikan")


@pytest.mark.parametrize("content", ["", "# only a comment\n", "- a\n- b\n", "just text\n"])
def test_a_file_must_be_a_mapping(content: str) -> None:
    exc = invalid(content)
    assert exc.problems == [FileProblem(1, "", "isi berkas workflow harus mapping")]
    assert str(exc) == f"{NAME}: 1 masalah: baris 1 isi berkas workflow harus mapping"


def test_unreadable_file(tmp_path: Path) -> None:
    missing = tmp_path / "tidak-ada.yaml"
    with pytest.raises(DefinitionInvalid) as info:
        load_file(missing)
    assert info.value.path == str(missing)
    assert "tidak dapat dibaca" in str(info.value)


def test_load_file_reports_the_path(tmp_path: Path, text: str) -> None:
    path = tmp_path / "rusak.yaml"
    path.write_text(edit(text, "guards: [requirements_complete]", "guards: [x]"), encoding="utf-8")
    with pytest.raises(DefinitionInvalid) as info:
        load_file(path)
    assert str(info.value).startswith(f"{path}: 1 masalah: baris ")


def test_duplicate_id_across_two_files(tmp_path: Path, text: str) -> None:
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text(text, encoding="utf-8")
    b.write_text(
        edit(text, "name: Layanan Uji Minimal", "name: Layanan Uji Kedua"), encoding="utf-8"
    )
    with pytest.raises(DuplicateWorkflow) as info:
        load_all([a, b])
    exc = info.value
    assert isinstance(exc, WorkflowError)
    assert (exc.workflow_id, exc.first, exc.second) == (WORKFLOW_ID, str(a), str(b))
    assert str(a) in str(exc) and str(b) in str(exc)
    assert WORKFLOW_ID in str(exc)


def test_load_all_given_paths(tmp_path: Path, text: str) -> None:
    other = tmp_path / "lain.yaml"
    other.write_text(edit(text, f"id: {WORKFLOW_ID}", "id: test-uji-lain"), encoding="utf-8")
    loaded = load_all([VALID, other])
    assert [i.definition.id for i in loaded] == [WORKFLOW_ID, "test-uji-lain"]
    assert loaded[1].digest != loaded[0].digest
    assert load_all([]) == []


def test_load_all_raises_on_an_invalid_file(tmp_path: Path, text: str) -> None:
    bad = tmp_path / "rusak.yaml"
    bad.write_text(edit(text, "calendar: pekalongan-a", "calendar: tidak-ada"), encoding="utf-8")
    with pytest.raises(DefinitionInvalid) as info:
        load_all([VALID, bad])
    assert info.value.path == str(bad)


def test_field_errors_are_in_indonesian_whatever_their_type():
    from workflows.messages import indonesian

    assert indonesian({"type": "string_pattern_mismatch", "ctx": {"pattern": "^[a-z]+$"}}) == (
        "tidak sesuai pola ^[a-z]+$"
    )
    assert indonesian({"type": "too_short", "ctx": {"min_length": 1}}) == "paling sedikit 1 butir"
    unknown = indonesian({"type": "something_new", "msg": "Input is odd"})
    assert unknown == "nilai tidak valid (Input is odd)"  # never lost, led in Indonesian
