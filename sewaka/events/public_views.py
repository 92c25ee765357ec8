"""The QR self check-in of a coordination event: whoever attends for an invited unit records it."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from sewaka.core.forms import apply_validation_error
from sewaka.core.ratelimit import over_limit

from . import selectors, services
from .forms import CheckinForm


def _event(token):
    event = selectors.event_by_token(token)
    if event is None:
        raise Http404
    return event


@never_cache
def checkin(request, token):
    event = _event(token)
    if event.checkin_closed:
        return render(request, "events/public/checkin_closed.html", {"event": event})
    invitations = list(event.invitations.select_related("unit").order_by("unit__name"))
    form = CheckinForm(request.POST or None, invitations=invitations)
    status = 200
    if request.method == "POST":
        if over_limit(request, "event-checkin", "SEWAKA_EVENT_CHECKIN_LIMIT_PER_HOUR", 300):
            form.add_error(
                None,
                _(
                    "Terlalu banyak pendaftaran dari jaringan ini. Coba lagi sebentar lagi atau hubungi panitia."
                ),
            )
        elif form.is_valid():
            try:
                services.invitation_checkin_self(
                    event=event,
                    unit_id=form.cleaned_data["unit"],
                    attendee_name=form.cleaned_data["attendee_name"],
                    attendee_title=form.cleaned_data["attendee_title"],
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                return redirect(reverse("public_event_checkin_thanks", args=[event.checkin_token]))
        status = 400
    return render(request, "events/public/checkin.html", {"event": event, "form": form}, status=status)


@never_cache
def checkin_thanks(request, token):
    return render(request, "events/public/checkin_thanks.html", {"event": _event(token)})
