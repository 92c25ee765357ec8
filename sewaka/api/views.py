"""Screens for personal API tokens: create (the secret shown once), list and revoke; admin pemda revokes any
token of the users of its pemda."""

from datetime import datetime, time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sewaka.core.forms import apply_validation_error

from . import selectors, services
from .forms import TokenForm


@login_required
def token_list(request):
    return render(
        request,
        "api/token_list.html",
        {
            "tokens": selectors.token_list(user=request.user),
            "may_manage": selectors.may_manage(request.user),
            "now": timezone.now(),
        },
    )


@login_required
def token_create(request):
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        expires = timezone.make_aware(datetime.combine(form.cleaned_data["expires_on"], time(23, 59)))
        try:
            token, secret = services.api_token_create(
                actor=request.user, user=request.user, name=form.cleaned_data["name"], expires_at=expires
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            # The secret is rendered in this response only; it is never stored or shown again.
            response = render(request, "api/token_created.html", {"token": token, "secret": secret})
            response["Cache-Control"] = "no-store"
            return response
    return render(request, "api/token_form.html", {"form": form})


@login_required
@require_POST
def token_revoke(request, pk):
    token = selectors.token_get(user=request.user, pk=pk)
    try:
        services.api_token_revoke(actor=request.user, token=token)
    except PermissionDenied:
        raise
    messages.success(request, _("Token dicabut."))
    if token.user_id != request.user.pk:
        return redirect("api:managed")
    return redirect("api:tokens")


@login_required
def managed_list(request):
    if not selectors.may_manage(request.user):
        raise PermissionDenied
    page = Paginator(selectors.managed_tokens(user=request.user), 50).get_page(request.GET.get("page"))
    return render(request, "api/managed_list.html", {"page": page, "now": timezone.now()})
