"""Indonesian formatting for numbers, money and dates, whatever the active language (house rule 7)."""

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.utils import timezone

register = template.Library()

BULAN = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
HARI = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")


def _group(digits: str) -> str:
    out = []
    while len(digits) > 3:
        out.insert(0, digits[-3:])
        digits = digits[:-3]
    out.insert(0, digits)
    return ".".join(out)


def format_number(value, places: int = 2) -> str:
    """87.275 → '87,28' (half-up); 1234567 with places=0 → '1.234.567'."""
    if value is None or value == "":
        return "–"
    try:
        d = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    q = Decimal(1).scaleb(-places) if places > 0 else Decimal(1)
    d = d.quantize(q, rounding=ROUND_HALF_UP)
    sign = "-" if d < 0 else ""
    text = f"{abs(d):f}"
    whole, _, frac = text.partition(".")
    return sign + _group(whole) + ("," + frac if places > 0 else "")


@register.filter
def angka(value, places=2):
    """{{ ikm|angka }} → 87,28; {{ n|angka:0 }} → 1.234."""
    try:
        places = int(places)
    except (TypeError, ValueError):
        places = 2
    return format_number(value, places)


@register.filter
def rupiah(value):
    """{{ 15000|rupiah }} → Rp 15.000; zero → Gratis is the caller's choice, not ours."""
    if value is None or value == "":
        return "–"
    return "Rp " + format_number(value, 0)


def format_date(value, *, with_day: bool = False, with_time: bool = False) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        moment = value
        value = value.date()
    else:
        moment = None
    if not isinstance(value, date):
        return str(value)
    text = f"{value.day} {BULAN[value.month - 1]} {value.year}"
    if with_day:
        text = f"{HARI[value.weekday()]}, {text}"
    if with_time and moment is not None:
        text += f" {moment:%H.%M}"
    return text


@register.filter
def tanggal(value):
    """{{ d|tanggal }} → 24 November 2026."""
    return format_date(value)


@register.filter
def tanggal_hari(value):
    """{{ d|tanggal_hari }} → Selasa, 24 November 2026."""
    return format_date(value, with_day=True)


@register.filter
def waktu(value):
    """{{ dt|waktu }} → 24 November 2026 14.05 (WITA)."""
    return format_date(value, with_time=True)


@register.filter
def person(user, default="–"):
    """{{ user|person }} → full name, else username, else a dash (safe with None)."""
    if user is None:
        return default
    return user.get_full_name() or user.get_username()


@register.filter
def get_item(mapping, key):
    """{{ mapping|get_item:key }} for dicts in templates."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None
