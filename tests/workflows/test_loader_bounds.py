"""Hostile or broken workflow files fail cleanly, fast and small.

Each test measures what it promises: wall time with `time.perf_counter` and
peak Python allocation with `tracemalloc`. The bounds are generous (a slow CI
machine must pass) but far below what the unbounded reader used: 25 s and
2.97 GB for the alias bomb, 108 s for a 5 MB file.
"""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from engine.checks import check_definition
from engine.definition import Definition
from workflows.errors import DefinitionInvalid, FileProblem
from workflows.loader import load_file, load_text

FIXTURES = Path(__file__).parent / "fixtures"
VALID = FIXTURES / "valid.yaml"


@contextmanager
def bounded(seconds: float, megabytes: float) -> Iterator[None]:
    tracemalloc.start()
    began = time.perf_counter()
    try:
        yield
    finally:
        elapsed = time.perf_counter() - began
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert elapsed < seconds, f"took {elapsed:.2f} s"
    assert peak < megabytes * 2**20, f"peak {peak / 2**20:.1f} MB"


def refused(load: Callable[[], object]) -> DefinitionInvalid:
    with pytest.raises(DefinitionInvalid) as info:
        load()
    return info.value


def alias_bomb() -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 10):
        refs = ", ".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_refused_at_its_first_alias() -> None:
    with bounded(seconds=1, megabytes=100):
        exc = refused(lambda: load_text(alias_bomb(), "bom.yaml"))
    assert exc.problems == [
        FileProblem(2, "", "alias YAML *a0 tidak diizinkan; tulis isinya langsung")
    ]


def test_merge_key_alias_is_refused_too() -> None:
    text = VALID.read_text(encoding="utf-8") + "x: &x {a: 1}\ny:\n  <<: *x\n"
    exc = refused(lambda: load_text(text, "gabung.yaml"))
    assert "alias YAML *x tidak diizinkan" in str(exc)


def test_deep_nesting_is_refused_without_recursion_error() -> None:
    text = "a: " + "[" * 50_000 + "]" * 50_000 + "\n"
    with bounded(seconds=1, megabytes=100):
        exc = refused(lambda: load_text(text, "dalam.yaml"))
    (problem,) = exc.problems
    assert "susunan terlalu dalam (lebih dari 32 tingkat)" in problem.message
    assert problem.line == 1


def test_large_file_is_refused_by_its_size(tmp_path: Path) -> None:
    big = tmp_path / "besar.yaml"
    big.write_bytes(b"# " + b"x" * (5 * 2**20) + b"\n")
    with bounded(seconds=1, megabytes=20):  # read no more than the limit
        exc = refused(lambda: load_file(big))
    assert str(exc) == (
        f"{big}: 1 masalah: berkas terlalu besar (524.289 bait; batas 524.288 bait)"
    )


def test_file_that_is_not_utf8_is_named_so(tmp_path: Path) -> None:
    latin = tmp_path / "latin1.yaml"
    latin.write_bytes("id: x\nname: Surat Keterangan Pindah — Kecamatan\n".encode("cp1252"))
    exc = refused(lambda: load_file(latin))
    assert exc.problems == [
        FileProblem(2, "", "berkas bukan teks UTF-8 (bait ke-37); simpan ulang sebagai UTF-8")
    ]


def test_a_key_written_twice_is_refused_with_its_line() -> None:
    text = VALID.read_text(encoding="utf-8") + "fee: Gratis\n"
    exc = refused(lambda: load_text(text, "ganda.yaml"))
    (problem,) = exc.problems
    assert problem.message == "kunci 'fee' ditulis dua kali"
    assert problem.line == len(text.splitlines())


@pytest.mark.parametrize(
    "text",
    [
        "",
        "- a\n- b\n",
        "id: [\n",
        "\t- x\n",
        "!!python/object/apply:os.system ['true']\n",
        "a: !!binary ZZZ\n",
        "\x00\x01",
        "a: 1\n---\nb: 2\n",
    ],
)
def test_garbage_is_a_clean_refusal(text: str) -> None:
    exc = refused(lambda: load_text(text, "sampah.yaml"))
    assert exc.problems and str(exc).startswith("sampah.yaml: 1 masalah: ")


def test_checks_are_linear_in_the_number_of_requirements() -> None:
    """50,000 requirements, as a 5 MB file would hold: the duplicate check once took 108 s."""
    import yaml

    data = yaml.safe_load(VALID.read_text(encoding="utf-8"))
    data["requirements"] = [{"id": f"syarat-{i}", "text": f"Syarat {i}"} for i in range(50_000)]
    data["requirements"].append({"id": "syarat-7", "text": "ditulis lagi"})
    d = Definition.model_validate(data)
    began = time.perf_counter()
    problems = check_definition(d)
    assert time.perf_counter() - began < 2
    assert [p.message for p in problems] == ["id persyaratan 'syarat-7' dipakai dua kali"]


def test_an_undeclared_target_is_reported_once() -> None:
    """No knock-on: the state the bad transition leaves is not also called a dead end."""
    text = VALID.read_text(encoding="utf-8")
    assert text.count("    to: selesai\n") == 1
    bad = text.replace("    to: selesai\n", "    to: selesay\n")
    exc = refused(lambda: load_text(bad, "salah-ketik.yaml"))
    messages = [p.message for p in exc.problems]
    assert "tahap 'selesay' tidak dideklarasikan" in messages
    assert not any("tidak ada langkah yang keluar" in m for m in messages)
    assert not any("tidak ada tahap akhir yang dapat dicapai" in m for m in messages)


def test_an_unquoted_comma_in_a_one_line_mapping_is_explained() -> None:
    text = VALID.read_text(encoding="utf-8")
    bad = text.replace(
        "states:\n", "states:\n  cek: {label: Periksa, lalu teruskan, role: petugas}\n", 1
    )
    exc = refused(lambda: load_text(bad, "koma.yaml"))
    (problem,) = [p for p in exc.problems if p.field == "states.cek.lalu teruskan"]
    assert problem.message.startswith("kunci tidak dikenal; jika ini sisa teks sesudah koma")
