"""One rule for every cell an export writes from data (formula injection, CWE-1236).

A text that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is written as a text cell with
Excel's quote prefix, so neither opening nor editing the cell turns it into a live formula. Numbers stay
numbers (``-5`` is a number, not text). A formula the code writes on purpose is wrapped in `Formula`.
Characters a workbook cannot hold (C0 controls other than tab, line feed and carriage return) are dropped,
so a stray control character in a citizen's text never breaks an export.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


class Formula(str):
    """A formula written on purpose by the export code (never from data)."""

    __slots__ = ()


def is_risky(value: Any) -> bool:
    """True for a data text a spreadsheet program could read as a formula."""
    return isinstance(value, str) and not isinstance(value, Formula) and value.startswith(FORMULA_TRIGGERS)


def cell(sheet, value: Any) -> Any:
    """The value to put in a cell of `sheet`: unchanged, or a text `Cell` when it could become a formula."""
    if isinstance(value, Formula):
        return str(value)
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if value.startswith(FORMULA_TRIGGERS):
            text = Cell(sheet, value=None)
            text.value = value  # bound as a string first, then forced to text below
            text.data_type = "s"
            text.quotePrefix = True
            return text
    return value


def append(sheet, values: Iterable[Any]) -> None:
    """`sheet.append(values)` with every data value passed through `cell`."""
    sheet.append([cell(sheet, value) for value in values])
