"""Writes to user accounts. Users are never deleted: they are deactivated."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.http import HttpRequest

from django.conf import settings
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from sewaka.core.audit import audit, diff, snapshot
from sewaka.core.types import Actor

from .selectors import may_manage_user

if TYPE_CHECKING:
    from django.contrib.auth.models import User as AuthUser

User = get_user_model()
USER_FIELDS = ("username", "first_name", "last_name", "email", "is_active")


def _require_manageable(actor, user) -> None:
    if not may_manage_user(actor, user):
        raise PermissionDenied


def user_sessions_end(*, user: AuthUser, keep_session_key: str | None = None) -> int:
    """Log the user out everywhere (database sessions), except the session `keep_session_key`."""

    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.session_key == keep_session_key:
            continue
        if str(session.get_decoded().get(SESSION_KEY, "")) == str(user.pk):
            session.delete()
            ended += 1
    return ended


def _mask(email: str) -> str:
    local, _sep, domain = email.partition("@")
    return f"{local[:1]}***@{domain}" if domain else "***"


def _email_change_notice(*, user, old_email: str, new_email: str) -> None:
    """Tell the old address that the account's e-mail changed (a takeover must not go unnoticed)."""
    site = getattr(settings, "SITE_NAME", "Sewaka")
    send_mail(
        _("Alamat e-mail akun %(site)s Anda diubah") % {"site": site},
        _(
            "Alamat e-mail akun %(username)s di %(site)s diubah menjadi %(new)s pada %(when)s, dan semua sesi "
            "masuk akun ini diakhiri.\n\nBila Anda tidak meminta perubahan ini, segera hubungi admin pemda "
            "atau Bagian Organisasi."
        )
        % {
            "username": user.username,
            "site": site,
            "new": _mask(new_email),
            "when": timezone.localtime().strftime("%d-%m-%Y %H.%M"),
        },
        None,
        [old_email],
    )


@transaction.atomic
def user_create(
    *,
    actor: Actor,
    username: str,
    email: str,
    first_name: str = "",
    last_name: str = "",
    password: str | None = None,
) -> AuthUser:
    """Create an account. Without a password the user receives an invitation to set one."""
    username = username.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("Nama pengguna ini sudah dipakai.")})
    if email and User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("Alamat e-mail ini sudah dipakai akun lain.")})
    user = User(
        username=username, email=email.strip(), first_name=first_name.strip(), last_name=last_name.strip()
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    audit(actor=actor, action="user.create", obj=user, changes=snapshot(user, USER_FIELDS))
    return user


def user_invite(*, actor: Actor, user: AuthUser, request: HttpRequest | None = None) -> None:
    """Send the password-setting link (the reset flow) to the user's e-mail."""
    _require_manageable(actor, user)
    if not user.email:
        raise ValidationError(_("Pengguna ini belum memiliki alamat e-mail untuk undangan."))
    form = PasswordResetForm({"email": user.email})
    # The reset form skips users with unusable passwords; invite them directly.

    context = {
        "email": user.email,
        "domain": request.get_host() if request else "localhost",
        "site_name": "Sewaka",
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "user": user,
        "token": default_token_generator.make_token(user),
        "protocol": "https" if request and request.is_secure() else "http",
    }
    form.send_mail(
        "registration/password_reset_subject.txt",
        "registration/password_reset_email.html",
        context,
        None,
        user.email,
    )
    audit(actor=actor, action="user.invite", obj=user, changes={"email": user.email})


@transaction.atomic
def user_update(
    *, actor: Actor, user: AuthUser, keep_session_key: str | None = None, **fields: Any
) -> AuthUser:
    """Change names or e-mail. A new e-mail ends the user's sessions and notifies the old address."""
    unknown = set(fields) - {"first_name", "last_name", "email"}
    if unknown:
        raise ValueError(f"Unknown user fields: {sorted(unknown)}")
    _require_manageable(actor, user)
    email = fields.get("email")
    if email and User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists():
        raise ValidationError({"email": _("Alamat e-mail ini sudah dipakai akun lain.")})
    before = snapshot(User.objects.get(pk=user.pk), USER_FIELDS)
    for key, value in fields.items():
        setattr(user, key, value.strip())
    user.full_clean(exclude=["password"])
    user.save()
    changes = diff(before, snapshot(user, USER_FIELDS))
    if changes:
        audit(actor=actor, action="user.update", obj=user, changes=changes)
    old_email, new_email = before["email"] or "", user.email or ""
    if old_email.lower() != new_email.lower():
        user_sessions_end(user=user, keep_session_key=keep_session_key)
        if old_email:
            transaction.on_commit(
                lambda: _email_change_notice(user=user, old_email=old_email, new_email=new_email)
            )
    return user


@transaction.atomic
def user_set_active(*, actor: Actor, user: AuthUser, active: bool) -> AuthUser:
    _require_manageable(actor, user)
    if actor is not None and actor.pk == user.pk and not active:
        raise ValidationError(_("Anda tidak dapat menonaktifkan akun Anda sendiri."))
    if user.is_active == active:
        return user
    user.is_active = active
    user.save(update_fields=["is_active"])
    audit(
        actor=actor,
        action="user.activate" if active else "user.deactivate",
        obj=user,
        changes={"is_active": {"before": not active, "after": active}},
    )
    return user
