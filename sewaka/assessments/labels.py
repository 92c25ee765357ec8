"""Printable indicator numbers: people read "2.3" or PEKPPP's own "12", never a key like "output.persepsi"."""

from __future__ import annotations

from .models import InstrumentVersion
from .scoring.engine import InstrumentError
from .services import parsed_code


def _numeric(code: str) -> bool:
    return bool(code) and code.replace(".", "").isdigit()


def indicator_numbers(instrument) -> dict[str, str]:
    """{indicator code: number}. An instrument whose codes are numbers keeps them (PEKPPP 1–28); otherwise the
    number is the dimension's position and the indicator's position in it ("3.1")."""
    indicators = [ind for d in instrument.dimensions for ind in d.indicators]
    if indicators and all(_numeric(ind.code) for ind in indicators):
        return {ind.code: ind.code for ind in indicators}
    return {
        ind.code: f"{d_pos}.{i_pos}"
        for d_pos, d in enumerate(instrument.dimensions, start=1)
        for i_pos, ind in enumerate(d.indicators, start=1)
    }


def numbers_by_instrument(codes) -> dict[str, dict[str, str]]:
    """{instrument code: indicator_numbers(...)} for the shipped instruments named in `codes`."""

    out: dict[str, dict[str, str]] = {}
    for code in set(codes):
        try:
            out[code] = indicator_numbers(parsed_code(code))
        except (InstrumentVersion.DoesNotExist, InstrumentError):
            out[code] = {}
    return out


def rule_number(numbers: dict[str, dict[str, str]], instrument: str, indicator: str) -> str:
    return numbers.get(instrument, {}).get(indicator, indicator)
