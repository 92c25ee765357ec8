"""Writes to user accounts. Users are never deleted: they are deactivated."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sewaka.core.audit import audit, diff, snapshot

User = get_user_model()
USER_FIELDS = ("username", "first_name", "last_name", "email", "is_active")


@transaction.atomic
def user_create(
    *,
    actor,
    username: str,
    email: str,
    first_name: str = "",
    last_name: str = "",
    password: str | None = None,
):
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


def user_invite(*, actor, user, request=None) -> None:
    """Send the password-setting link (the reset flow) to the user's e-mail."""
    if not user.email:
        raise ValidationError(_("Pengguna ini belum memiliki alamat e-mail untuk undangan."))
    form = PasswordResetForm({"email": user.email})
    # The reset form skips users with unusable passwords; invite them directly.
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

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
def user_update(*, actor, user, **fields):
    unknown = set(fields) - {"first_name", "last_name", "email"}
    if unknown:
        raise ValueError(f"Unknown user fields: {sorted(unknown)}")
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
    return user


@transaction.atomic
def user_set_active(*, actor, user, active: bool):
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
