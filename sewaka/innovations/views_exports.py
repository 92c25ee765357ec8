"""Exports of a proposal: the whole proposal as PDF (kop of the unit), plain text per aspect ready to
paste into the national system (a .txt download and a copy-friendly page), and the attachments list.

Documents are official papers in Indonesian: rendered with Indonesian active whatever the UI language.
Downloads change nothing and are not audited (like the project's other exports)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.text import slugify

from sewaka.core.downloads import file_response
from sewaka.reports.exports.pdf import render_pdf

from . import selectors
from .views_selection import proposal_rows
from .words import words_count


def _filename(nomination, ext: str) -> str:
    name = slugify(nomination.innovation.short_name or nomination.innovation.name)[:50] or "inovasi"
    return (
        f"proposal-{name}-{nomination.call.scheme_year.scheme.code}-{nomination.call.scheme_year.year}.{ext}"
    )


def proposal_document_context(nomination) -> dict:
    rows = proposal_rows(nomination)
    groups = dict(nomination.call.scheme_year.group_choices())
    categories = dict(nomination.call.scheme_year.category_choices())
    return {
        "nomination": nomination,
        "innovation": nomination.innovation,
        "call": nomination.call,
        "unit": nomination.innovation.unit,
        "group_name": groups.get(nomination.group_code, nomination.group_code),
        "category_name": categories.get(nomination.category_code, nomination.category_code),
        "rows": rows,
        "total_words": sum(r["words"] for r in rows),
        "attachments": selectors.proposal_attachments(nomination),
        "generated": timezone.now(),
        "doc_date": timezone.localdate(),
    }


@login_required
def proposal_pdf(request, pk):
    """The whole proposal: aspects in the scheme's order with weight, word count against the limit and
    text; the attachments with their sizes. Marked DRAF until the nomination is selected."""
    nomination = selectors.nomination_get(user=request.user, pk=pk)
    with translation.override("id"):
        context = proposal_document_context(nomination)
        pdf = render_pdf(
            "innovations/selection/docs/proposal.html",
            context,
            mark="" if nomination.status == "selected" else "DRAF",
            mark_note="usulan belum diputuskan terpilih dalam seleksi internal.",
        )
    return file_response(pdf, filename=_filename(nomination, "pdf"), inline=True)


def proposal_plain_text(nomination) -> str:
    """Plain text, one block per aspect: its name, the limit and the text, no markup."""
    lines = [nomination.innovation.name, ""]
    for row in proposal_rows(nomination):
        a = row["aspect"]
        limit = f" / {a.max_words}" if a.max_words is not None else ""
        lines.append(f"== {a.name} ({row['words']}{limit} kata) ==")
        lines.append(row["text"] or "")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


@login_required
def proposal_txt(request, pk):
    nomination = selectors.nomination_get(user=request.user, pk=pk)
    with translation.override("id"):
        text = proposal_plain_text(nomination)
    return file_response(
        text.encode("utf-8"), filename=_filename(nomination, "txt"), content_type="text/plain; charset=utf-8"
    )


@login_required
def proposal_copy(request, pk):
    """Each aspect's plain text in its own read-only box, ready to copy into the national system."""
    nomination = selectors.nomination_get(user=request.user, pk=pk)
    rows = proposal_rows(nomination)
    for row in rows:
        row["lines"] = max(4, min(30, row["text"].count("\n") + words_count(row["text"]) // 12 + 2))
    return render(
        request,
        "innovations/selection/proposal_copy.html",
        {"nomination": nomination, "call": nomination.call, "rows": rows},
    )


@login_required
def proposal_attachments(request, pk):
    nomination = selectors.nomination_get(user=request.user, pk=pk)
    attachments = selectors.proposal_attachments(nomination)
    return render(
        request,
        "innovations/selection/attachments.html",
        {
            "nomination": nomination,
            "call": nomination.call,
            "attachments": attachments,
            "total_size": sum(a.size for a in attachments),
        },
    )
