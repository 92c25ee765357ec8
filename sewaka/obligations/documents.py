"""The tracker's exports (Excel values, PDF) and the Sekda's reminder letters, on the shared document base.

A letter is printed from what was recorded when it was issued (`Letter.content`), so a reprint months later
says exactly what was sent. The preview prints today's draft with the DRAF mark.
"""

from __future__ import annotations

from io import BytesIO

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from sewaka.core import spreadsheet
from sewaka.core.templatetags.fmt import format_date
from sewaka.organisations.models import Unit
from sewaka.reports.exports.pdf import render_pdf, render_pdf_parts

from . import evaluation as ev
from .models import Letter, LetterKind, LetterRecipient
from .selectors import gaps_of

FILLS = {
    ev.State.DONE: "E6F4EA",
    ev.State.LATE: "FFF4D6",
    ev.State.NOT_DUE: "E8F1FB",
    ev.State.MISSING: "FDE8E8",
    ev.State.NA: "F2F2F2",
}


def _rows(tr):
    for group in tr.groups:
        for row in group.all_rows:
            yield group, row


def tracker_workbook(tr) -> bytes:
    """Two sheets of values (no formulas): the matrix of states, and one line per cell with its reason,
    due date and evidence."""
    wb = Workbook()
    sheet = wb.active
    sheet.title = "Pelacak"
    rules = tr.shown_rules
    spreadsheet.append(sheet, [f"Pelacak kewajiban pelayanan publik — {tr.pemda.name}"])
    spreadsheet.append(sheet, [f"{tr.view.label}; data per {format_date(tr.today)}"])
    spreadsheet.append(sheet, [])
    spreadsheet.append(sheet, ["Perangkat daerah", "Unit", "Jenis unit"] + [r.short_name for r in rules])
    header = sheet.max_row
    for cell in sheet[header]:
        cell.font = Font(bold=True)
    for group, row in _rows(tr):
        spreadsheet.append(
            sheet,
            [group.head.name, row.unit.name, row.unit.get_kind_display()] + [c.label for c in row.cells],
        )
        for n, c in enumerate(row.cells):
            sheet.cell(row=sheet.max_row, column=4 + n).fill = PatternFill("solid", fgColor=FILLS[c.state])
    spreadsheet.append(sheet, [])
    for state in (ev.State.MISSING, ev.State.LATE, ev.State.NOT_DUE, ev.State.DONE, ev.State.NA):
        spreadsheet.append(
            sheet, ["", ev.STATE_LABELS[state], ""] + [tr.counts[n].get(state, 0) for n in range(len(rules))]
        )
    sheet.column_dimensions["A"].width = 45
    sheet.column_dimensions["B"].width = 45
    sheet.column_dimensions["C"].width = 18
    sheet.freeze_panes = sheet.cell(row=header + 1, column=3)

    detail = wb.create_sheet("Rincian")
    spreadsheet.append(
        detail,
        ["Perangkat daerah", "Unit", "Kewajiban", "Dasar hukum", "Keadaan", "Keterangan", "Tenggat", "Bukti"],
    )
    for cell in detail[1]:
        cell.font = Font(bold=True)
    for group, row in _rows(tr):
        for rule, c in zip(rules, row.cells, strict=True):
            spreadsheet.append(
                detail,
                [
                    group.head.name,
                    row.unit.name,
                    rule.name,
                    rule.legal_basis,
                    c.label,
                    c.reason,
                    c.due,
                    "; ".join(e.label for e in c.evidence),
                ],
            )
            detail.cell(row=detail.max_row, column=7).number_format = "DD-MM-YYYY"
    for col, width in zip("ABCDEFGH", (40, 40, 45, 40, 20, 60, 12, 50), strict=True):
        detail.column_dimensions[col].width = width
    for line in detail.iter_rows(min_row=2):
        for cell in line:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def tracker_pdf(tr, *, user) -> bytes:
    context = {
        "unit": tr.pemda,
        "tr": tr,
        "rows": list(_rows(tr)),
        "legend": [(s, ev.STATE_LABELS[s]) for s in ev.State],
        "doc_date": tr.today,
    }
    return render_pdf("obligations/docs/tracker.html", context)


# --- Letters ------------------------------------------------------------------------------------------


def _sheet(
    *, number: str, to: str, to_units: list[str], content: list[dict], body: str, closing: str, pd: str = ""
):
    """One letter's printable parts."""
    return {
        "number": number,
        "to": to,
        "to_units": to_units,
        "content": content,
        "body": body.replace("{perangkat_daerah}", pd),
        "closing": closing,
    }


def _render(
    *,
    pemda: Unit,
    sheets: list[dict],
    subject: str,
    signer: dict,
    copies_to: list[str],
    on,
    mark="",
    mark_note="",
    excerpt="",
):
    context = {
        "unit": pemda,
        "sheets": sheets,
        "subject": subject,
        "signer": signer,
        "copies_to": copies_to,
        "excerpt": excerpt,
        "doc_date": on,
    }
    options = {
        "on": on,
        "mark": mark,
        "mark_note": mark_note,
        "signer": {
            "title": signer.get("title", ""),
            "name": signer.get("name", ""),
            "nip": signer.get("nip", ""),
        },
    }
    if len(sheets) > 1:  # a mail merge: each letter numbered from its own first page
        parts = [{**context, "sheets": [sheet]} for sheet in sheets]
        return render_pdf_parts("obligations/docs/letter.html", parts, **options)
    return render_pdf("obligations/docs/letter.html", context, **options)


def _all_pd(pemda: Unit) -> str:
    return f"Kepala Perangkat Daerah di Lingkungan {pemda.name}"


def _summary_sheet(pemda, number, recipients, content, body, closing):
    return _sheet(
        number=number,
        to=_all_pd(pemda),
        to_units=[u.name for u in recipients],
        content=content,
        body=body,
        closing=closing,
    )


def _merge_sheets(pemda, rows, body, closing):
    """rows: (number, unit, content) per perangkat daerah."""
    return [
        _sheet(
            number=number,
            to=f"Kepala {unit.name}",
            to_units=[],
            content=content,
            body=body,
            closing=closing,
            pd=unit.name,
        )
        for number, unit, content in rows
    ]


def draft_pdf(draft, *, pemda: Unit, kind: str, view: ev.Period) -> bytes:
    s = draft.settings
    on = timezone.localdate()
    if kind == LetterKind.SUMMARY:
        sheets = [_summary_sheet(pemda, "", draft.recipients, draft.content, draft.body, draft.closing)]
    else:
        sheets = _merge_sheets(
            pemda,
            [("", u, gaps_of(draft.content, u.pk)) for u in draft.recipients],
            draft.body,
            draft.closing,
        )
    return _render(
        pemda=pemda,
        sheets=sheets,
        subject=s.subject,
        signer={"title": s.signer_title, "name": s.signer_name, "rank": s.signer_rank, "nip": s.signer_nip},
        copies_to=[line.strip() for line in s.copies_to.splitlines() if line.strip()],
        on=on,
        mark="DRAF",
        mark_note="pratinjau; nomor diberikan saat surat diterbitkan.",
    )


def letter_pdf(letter: Letter) -> bytes:
    recipients = list(letter.recipients.select_related("unit"))
    if letter.kind == LetterKind.SUMMARY:
        sheets = [
            _summary_sheet(
                letter.pemda,
                letter.number,
                [r.unit for r in recipients],
                letter.content,
                letter.body,
                letter.closing,
            )
        ]
    else:
        sheets = _merge_sheets(
            letter.pemda, [(r.number, r.unit, r.content) for r in recipients], letter.body, letter.closing
        )
    return _render(
        pemda=letter.pemda,
        sheets=sheets,
        subject=letter.subject,
        signer=letter.signer,
        copies_to=letter.copies_to,
        on=letter.issued_on,
    )


def recipient_pdf(recipient: LetterRecipient, *, full: bool) -> bytes:
    """One perangkat daerah's letter. A summary letter read by that perangkat daerah's own people (who may
    not read the other units' gaps) prints as a PETIKAN: the same letter with only its own lines."""
    letter = recipient.letter
    if letter.kind == LetterKind.SUMMARY:
        if full:
            return letter_pdf(letter)
        sheets = [
            _summary_sheet(
                letter.pemda, letter.number, [recipient.unit], recipient.content, letter.body, letter.closing
            )
        ]
        excerpt = recipient.unit.name
    else:
        sheets = _merge_sheets(
            letter.pemda, [(recipient.number, recipient.unit, recipient.content)], letter.body, letter.closing
        )
        excerpt = ""
    return _render(
        pemda=letter.pemda,
        sheets=sheets,
        subject=letter.subject,
        signer=letter.signer,
        copies_to=letter.copies_to,
        on=letter.issued_on,
        excerpt=excerpt,
    )
