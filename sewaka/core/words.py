"""Numbers and dates in Indonesian words, as official documents write them ("dua puluh empat"). Pure."""

from __future__ import annotations

from datetime import date

from sewaka.core.templatetags.fmt import BULAN, HARI

_ONES = (
    "nol",
    "satu",
    "dua",
    "tiga",
    "empat",
    "lima",
    "enam",
    "tujuh",
    "delapan",
    "sembilan",
    "sepuluh",
    "sebelas",
)


def terbilang(n: int) -> str:
    """0 → "nol", 11 → "sebelas", 124 → "seratus dua puluh empat", 2026 → "dua ribu dua puluh enam"."""
    if n < 0:
        return "minus " + terbilang(-n)
    if n < 12:
        return _ONES[n]
    if n < 20:
        return _ONES[n - 10] + " belas"
    if n < 100:
        return _join(_ONES[n // 10] + " puluh", n % 10)
    if n < 200:
        return _join("seratus", n - 100)
    if n < 1000:
        return _join(_ONES[n // 100] + " ratus", n % 100)
    if n < 2000:
        return _join("seribu", n - 1000)
    if n < 1_000_000:
        return _join(terbilang(n // 1000) + " ribu", n % 1000)
    if n < 1_000_000_000:
        return _join(terbilang(n // 1_000_000) + " juta", n % 1_000_000)
    raise ValueError("number too large")


def _join(head: str, rest: int) -> str:
    return f"{head} {terbilang(rest)}" if rest else head


def date_in_words(value: date) -> str:
    """24 November 2026 → "Selasa tanggal dua puluh empat bulan November tahun dua ribu dua puluh enam"."""
    return (
        f"{HARI[value.weekday()]} tanggal {terbilang(value.day)} bulan {BULAN[value.month - 1]} "
        f"tahun {terbilang(value.year)}"
    )
