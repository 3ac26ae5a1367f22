"""The decrees' own wording of commitments: weeks, ranges, upper bounds, conditions.

Rules that must hold for every number are property tests; the decrees' sentences are
listed one per line.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sla import DurationError, Unit, parse_duration

K, C, M = Unit.HARI_KERJA, Unit.HARI_KALENDER, Unit.MENIT


@pytest.mark.parametrize(
    ("text", "plain_hari", "value", "unit", "described"),
    [
        ("Proses 1 Minggu", "kerja", 5, K, "5 hari kerja (1 minggu dibaca sebagai 5 hari kerja)"),
        ("1 Minggu", "kalender", 7, C, "7 hari kalender (1 minggu dibaca sebagai 7 hari kalender)"),
        ("dua minggu", "kerja", 10, K, "10 hari kerja (2 minggu dibaca sebagai 10 hari kerja)"),
        (
            "Lamanya proses rata-rata 10 - 60 menit",
            "kerja",
            60,
            M,
            "60 menit (batas atas dari 10-60 menit)",
        ),
        (
            "1-3 hari",
            "kerja",
            3,
            K,
            "3 hari kerja (batas atas dari 1-3 hari, dibaca sebagai hari kerja)",
        ),
        ("10 s.d. 60 menit", "kerja", 60, M, "60 menit (batas atas dari 10-60 menit)"),
        (
            "2 sampai dengan 5 hari kerja",
            "kerja",
            5,
            K,
            "5 hari kerja (batas atas dari 2-5 hari kerja)",
        ),
        ("1 (satu) hari maksimal 14 (empat belas) hari kerja", "kerja", 14, K, "14 hari kerja"),
        ("paling lama 3 jam", "kerja", 3, Unit.JAM, "3 jam"),
        (
            "60 menit jika berkas telah lengkap dan pejabat berwenang berada di tempat",
            "kerja",
            60,
            M,
            "60 menit, jika berkas telah lengkap dan pejabat berwenang berada di tempat",
        ),
        (
            "3 hari kerja (apabila persyaratan lengkap dan benar)",
            "kerja",
            3,
            K,
            "3 hari kerja, apabila persyaratan lengkap dan benar",
        ),
    ],
)
def test_wording(text: str, plain_hari: str, value: int, unit: Unit, described: str) -> None:
    parsed = parse_duration(text, plain_hari)
    assert parsed is not None
    assert (parsed.value, parsed.unit, parsed.describe()) == (value, unit, described)


def test_readings_that_interpret_are_marked_assumed() -> None:
    for text in ["1 Minggu", "10 - 60 menit", "1-3 hari", "14 Hari"]:
        parsed = parse_duration(text)
        assert parsed is not None and parsed.assumed, text
    for text in ["maksimal 14 hari kerja", "60 menit jika berkas lengkap", "4 hari kerja"]:
        parsed = parse_duration(text)
        assert parsed is not None and not parsed.assumed, text


def test_several_times_explain_step_commitments() -> None:
    text = "Penyusunan Surat Rekomendasi 15 menit, pengajuan ttd 15 menit"
    with pytest.raises(DurationError) as info:
        parse_duration(text)
    message = str(info.value)
    assert "lebih dari satu standar waktu (15 menit, 15 menit)" in message
    assert "sla: pada tahapnya di states" in message


def test_a_range_must_rise() -> None:
    with pytest.raises(DurationError, match="rentang 60-10 tidak naik"):
        parse_duration("60 - 10 menit")


units = st.sampled_from(["menit", "jam", "hari kerja", "hari kalender", "bulan"])
numbers = st.integers(1, 10_000)


@given(
    low=numbers,
    extra=numbers,
    unit=units,
    dash=st.sampled_from(["-", " - ", "–", " s.d. ", " sampai "]),
)
def test_a_range_is_read_as_its_upper_bound(low: int, extra: int, unit: str, dash: str) -> None:
    high = low + extra
    parsed = parse_duration(f"{low}{dash}{high} {unit}")
    plain = parse_duration(f"{high} {unit}")
    assert parsed is not None and plain is not None
    assert (parsed.value, parsed.unit) == (plain.value, plain.unit)
    assert parsed.assumed and parsed.reading == f"batas atas dari {low}-{high} {unit}"


@given(n=st.integers(1, 500), plain_hari=st.sampled_from(["kerja", "kalender"]))
def test_a_week_is_five_working_or_seven_calendar_days(n: int, plain_hari: str) -> None:
    parsed = parse_duration(f"{n} minggu", plain_hari)
    assert parsed is not None and parsed.assumed
    expected = (5 * n, K) if plain_hari == "kerja" else (7 * n, C)
    assert (parsed.value, parsed.unit) == expected


@given(
    n=numbers,
    unit=units,
    word=st.sampled_from(["jika", "apabila", "Jika"]),
    rest=st.text(
        st.characters(whitelist_categories=("Ll", "Nd"), whitelist_characters=" "), max_size=40
    ),
)
def test_a_condition_is_kept_and_does_not_change_the_value(
    n: int, unit: str, word: str, rest: str
) -> None:
    plain = parse_duration(f"{n} {unit}")
    parsed = parse_duration(f"{n} {unit} {word} {rest}")
    assert parsed is not None and plain is not None
    assert (parsed.value, parsed.unit, parsed.assumed) == (plain.value, plain.unit, plain.assumed)
    assert parsed.condition == " ".join(f"{word} {rest}".split())
    assert parsed.describe().endswith(f", {parsed.condition}")


@given(n=numbers, unit=units, marker=st.sampled_from(["maksimal", "paling lama", "paling lambat"]))
def test_the_marked_upper_bound_is_the_commitment(n: int, unit: str, marker: str) -> None:
    parsed = parse_duration(f"1 jam, {marker} {n} {unit}")
    plain = parse_duration(f"{n} {unit}")
    assert parsed is not None and plain is not None
    assert (parsed.value, parsed.unit) == (plain.value, plain.unit)
