"""Printable indicator numbers: people read "2.3" or PEKPPP's own "12", never a key like "output.persepsi"."""

from __future__ import annotations


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
