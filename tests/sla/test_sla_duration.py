"""Reading the decrees' SLA wording."""

from __future__ import annotations

from datetime import timedelta

import pytest

from sla import Duration, DurationError, Unit, parse_duration, service_time
from sla.duration import words_to_number

K, C = Unit.HARI_KERJA, Unit.HARI_KALENDER


@pytest.mark.parametrize(
    ("text", "value", "unit", "assumed", "calendar_days"),
    [
        ("4 hari kerja", 4, K, False, None),
        ("7 (tujuh) hari kerja", 7, K, False, None),
        ("Penyelesaian 17 (tujuh belas) hari kerja", 17, K, False, None),
        ("30 Menit", 30, Unit.MENIT, False, None),
        ("45 jam", 45, Unit.JAM, False, None),
        ("1 jam (sesuai kebutuhan)", 1, Unit.JAM, False, None),
        ("14 Hari", 14, K, True, None),  # bare hari: read by plain_hari
        ("paling lama 30 (tiga puluh) hari", 30, K, True, None),
        ("8 hari kalender (6 hari kerja)", 6, K, False, 8),  # measured in hari kerja
        ("Tender: 30 hari kalender (22 hari kerja)", 22, K, False, 30),
        ("1 Bulan", 1, Unit.BULAN, False, None),
        ("3 bulan", 3, Unit.BULAN, False, None),
        ("kurang lebih 60 menit", 60, Unit.MENIT, False, None),
        ("3 (tiga) hari", 3, K, True, None),
        ("1 (satu) hari", 1, K, True, None),
        ("2 Hari kerja", 2, K, False, None),
        ("5 hari kalender", 5, C, False, None),
        ("empat puluh lima menit", 45, Unit.MENIT, False, None),  # words alone
        ("dua belas hari kerja", 12, K, False, None),
        ("sebelas hari", 11, K, True, None),
        ("60 (enam puluh) menit", 60, Unit.MENIT, False, None),
        ("2 hari sejak berkas lengkap", 2, K, True, None),
        ("  7   (TUJUH)  Hari   Kerja ", 7, K, False, None),
    ],
)
def test_parse(text: str, value: int, unit: Unit, assumed: bool, calendar_days: int | None) -> None:
    assert parse_duration(text) == Duration(value, unit, text, assumed, calendar_days)


def test_bare_hari_follows_plain_hari() -> None:
    parsed = parse_duration("14 Hari", "kalender")
    assert parsed == Duration(14, C, "14 Hari", assumed=True)
    with pytest.raises(ValueError, match="plain_hari"):
        parse_duration("14 Hari", "minggu")


@pytest.mark.parametrize(
    "text", ["tidak ditetapkan standar waktu", "-", "", "  ", "Tidak ada", "—", "belum ditetapkan"]
)
def test_no_commitment(text: str) -> None:
    assert parse_duration(text) is None


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("4 hari krja", "hari krja"),  # misspelt kerja
        ("14 hari kelender", "hari kelender"),
        ("segera", None),
        ("7 (delapan) hari kerja", "tidak cocok"),  # digits and words disagree
        ("3 hari kerja dan 2 jam", "lebih dari satu"),
        ("0 hari kerja", "lebih dari nol"),
    ],
)
def test_unreadable_text_quotes_it(text: str, reason: str | None) -> None:
    with pytest.raises(DurationError) as info:
        parse_duration(text)
    assert repr(text) in str(info.value)
    assert info.value.text == text
    if reason:
        assert reason in str(info.value)


@pytest.mark.parametrize(
    ("text", "described"),
    [
        ("4 hari kerja", "4 hari kerja"),
        ("14 Hari", "14 hari (dibaca sebagai hari kerja)"),
        ("30 Menit", "30 menit"),
        ("45 jam", "45 jam"),
        ("8 hari kalender (6 hari kerja)", "6 hari kerja (8 hari kalender)"),
        ("5 hari kalender", "5 hari kalender"),
        ("1 Bulan", "1 bulan"),
    ],
)
def test_describe(text: str, described: str) -> None:
    parsed = parse_duration(text)
    assert parsed is not None
    assert parsed.describe() == described


def test_service_time() -> None:
    assert service_time(Duration(30, Unit.MENIT, "30 menit")) == timedelta(minutes=30)
    assert service_time(Duration(45, Unit.JAM, "45 jam")) == timedelta(hours=45)
    with pytest.raises(DurationError, match="bukan satuan menit/jam"):
        service_time(Duration(4, K, "4 hari kerja"))


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("satu", 1),
        ("sepuluh", 10),
        ("sebelas", 11),
        ("tujuh belas", 17),
        ("dua puluh", 20),
        ("tiga puluh", 30),
        ("empat puluh lima", 45),
        ("enam puluh", 60),
        ("seratus dua puluh", 120),
        ("dua ratus", 200),
        ("puluh", None),
        ("satu dua", None),
        ("seratus lima", 105),
    ],
)
def test_words_to_number(words: str, value: int | None) -> None:
    assert words_to_number(words) == value
