"""Citizen-facing FKP pages: QR self check-in on a participant's phone and the published summary.

Both work without JavaScript. The check-in is idempotent (same name and institution = one participant).
The public summary never shows participants' names.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from sewaka.core.forms import apply_validation_error
from sewaka.core.ratelimit import over_limit
from sewaka.organisations.models import Unit

from . import selectors, services
from .forms import CheckinForm
from .transitions import Status


def _forum_for_token(token):
    forum = selectors.forum_by_token(token)
    if forum is None:
        raise Http404
    return forum


@never_cache
def checkin(request, token):
    forum = _forum_for_token(token)
    if forum.status == Status.REPORTED:
        return render(
            request, "consultations/public/checkin_closed.html", {"forum": forum, "unit": forum.unit}
        )
    form = CheckinForm(request.POST or None)
    status = 200
    if request.method == "POST":
        # Generous: a meeting room shares one Wi-Fi address.
        if over_limit(request, "fkp-checkin", "SEWAKA_FKP_CHECKIN_LIMIT_PER_HOUR", 300):
            form.add_error(
                None,
                _(
                    "Terlalu banyak pendaftaran dari jaringan ini. Coba lagi sebentar lagi atau hubungi panitia."
                ),
            )
        elif form.is_valid():
            try:
                services.participant_checkin_self(forum=forum, **form.cleaned_data)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                return redirect(reverse("public_fkp_checkin_thanks", args=[forum.checkin_token]))
        status = 400
    return render(
        request,
        "consultations/public/checkin.html",
        {"forum": forum, "unit": forum.unit, "form": form},
        status=status,
    )


@never_cache
def checkin_thanks(request, token):
    forum = _forum_for_token(token)
    return render(request, "consultations/public/checkin_thanks.html", {"forum": forum, "unit": forum.unit})


def summary(request, pk):
    """The published summary of one forum: plan, categories present, agreements and their status."""
    forum = selectors.published_forum(pk)
    return render(
        request,
        "consultations/public/summary.html",
        {
            "forum": forum,
            "unit": forum.unit,
            "att": selectors.attendance_summary(forum),
            "agreements": selectors.agreements_of(forum),
        },
    )


def unit_summaries(request, code):
    """The published forums of one unit (to link from, or include in, the unit's public page)."""

    unit = Unit.objects.filter(code=code, is_active=True).first()
    if unit is None:
        raise Http404
    return render(
        request,
        "consultations/public/unit_summaries.html",
        {"unit": unit, "forums": selectors.published_forums(unit)[:50]},
    )
