from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sewaka.core.forms import apply_validation_error
from sewaka.core.ratelimit import count_hit, hash_value, over_limit
from sewaka.organisations.access import Action, units_visible_to
from sewaka.organisations.services import membership_grant

from . import selectors, services
from .forms import LoginForm, UserCreateForm, UserEditForm, UserFilterForm


class LoginView(auth_views.LoginView):
    authentication_form = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset, throttled per e-mail address and per client address (the shared cache)."""

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().lower()
        if over_limit(self.request, "reset-ip", "SEWAKA_PASSWORD_RESET_IP_LIMIT_PER_HOUR", 20) or count_hit(
            "reset-email:" + hash_value(email), settings.SEWAKA_PASSWORD_RESET_LIMIT_PER_HOUR
        ):
            form.add_error(
                None,
                _("Terlalu banyak permintaan atur ulang kata sandi. Silakan coba lagi satu jam lagi."),
            )
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        return super().form_valid(form)


def locked(request, credentials=None, *args, **kwargs):
    return render(request, "accounts/locked.html", status=429)


@login_required
def user_list(request):
    form = UserFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    users = selectors.user_list(
        user=request.user, q=filters.get("q", ""), include_inactive=filters.get("inactive", False)
    )
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/user_list.html", {"form": form, "page": page})


@login_required
def user_create(request):
    selectors.user_list(user=request.user)  # permission check
    units = units_visible_to(request.user, Action.MANAGE).filter(is_active=True)
    form = UserCreateForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                user = services.user_create(
                    actor=request.user,
                    username=data["username"],
                    email=data["email"],
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                )
                if data.get("unit"):
                    membership_grant(actor=request.user, user=user, unit=data["unit"], role=data["role"])
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            services.user_invite(actor=request.user, user=user, request=request)
            messages.success(
                request, _("Akun %(u)s dibuat; undangan dikirim ke e-mailnya.") % {"u": user.username}
            )
            return redirect("accounts:user_detail", pk=user.pk)
    return render(request, "accounts/user_form.html", {"form": form, "title": _("Tambah pengguna")})


@login_required
def user_detail(request, pk):
    target = selectors.user_get(user=request.user, pk=pk)
    form = UserEditForm(request.POST or None, instance=target)
    if request.method == "POST" and form.is_valid():
        try:
            own = target.pk == request.user.pk
            services.user_update(
                actor=request.user,
                user=target,
                keep_session_key=request.session.session_key if own else None,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Perubahan disimpan."))
            return redirect("accounts:user_detail", pk=target.pk)
    memberships = target.memberships.select_related("unit").order_by("-is_active", "unit__path")
    return render(
        request, "accounts/user_detail.html", {"target": target, "form": form, "memberships": memberships}
    )


@login_required
@require_POST
def user_toggle(request, pk):
    target = selectors.user_get(user=request.user, pk=pk)
    try:
        services.user_set_active(actor=request.user, user=target, active=not target.is_active)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Akun diaktifkan.") if target.is_active else _("Akun dinonaktifkan."))
    return redirect("accounts:user_detail", pk=target.pk)


@login_required
@require_POST
def user_invite(request, pk):
    target = selectors.user_get(user=request.user, pk=pk)
    try:
        services.user_invite(actor=request.user, user=target, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Tautan untuk membuat kata sandi dikirim."))
    return redirect("accounts:user_detail", pk=target.pk)


password_views = {
    "password_change": auth_views.PasswordChangeView.as_view(
        template_name="accounts/password_change.html",
        success_url=reverse_lazy("accounts:password_change_done"),
    ),
    "password_change_done": auth_views.PasswordChangeDoneView.as_view(
        template_name="accounts/password_change_done.html"
    ),
    "password_reset": PasswordResetView.as_view(
        template_name="accounts/password_reset.html", success_url=reverse_lazy("accounts:password_reset_done")
    ),
    "password_reset_done": auth_views.PasswordResetDoneView.as_view(
        template_name="accounts/password_reset_done.html"
    ),
    "password_reset_confirm": auth_views.PasswordResetConfirmView.as_view(
        template_name="accounts/password_reset_confirm.html",
        success_url=reverse_lazy("accounts:password_reset_complete"),
    ),
    "password_reset_complete": auth_views.PasswordResetCompleteView.as_view(
        template_name="accounts/password_reset_complete.html"
    ),
}
