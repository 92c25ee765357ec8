from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from sewaka.organisations.access import Action, is_city_wide, units_visible_to
from sewaka.organisations.models import Membership

User = get_user_model()


def _require_manager(user) -> None:
    if not is_city_wide(user, Action.MANAGE):
        raise PermissionDenied


def users_managed_by(actor) -> QuerySet:
    """The accounts `actor` may edit, invite and (de)activate.

    A superuser manages everyone. Admin pemda manages the accounts whose every membership (past ones too) lies
    within the units it manages; never a superuser or staff account (Django admin), never someone who holds a
    role elsewhere: changing such an account's e-mail would hand it over.
    """
    if getattr(actor, "is_superuser", False) and actor.is_active:
        return User.objects.all()
    scope = units_visible_to(actor, Action.MANAGE)
    outside = Membership.objects.exclude(unit__in=scope).values("user_id")
    return User.objects.filter(is_superuser=False, is_staff=False).exclude(pk__in=outside)


def may_manage_user(actor, target) -> bool:
    if actor is None:  # system (management commands, seeddemo)
        return True
    if not is_city_wide(actor, Action.MANAGE):
        return False
    return users_managed_by(actor).filter(pk=target.pk).exists()


def user_list(*, user, q: str = "", include_inactive: bool = False) -> QuerySet:
    _require_manager(user)
    qs = users_managed_by(user).prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.filter(is_active=True).select_related("unit"),
            to_attr="active_memberships",
        )
    )
    if not include_inactive:
        qs = qs.filter(is_active=True)
    if q:
        qs = qs.filter(
            Q(username__icontains=q)
            | Q(first_name__icontains=q)
            | Q(last_name__icontains=q)
            | Q(email__icontains=q)
        )
    return qs.order_by("username")


def user_get(*, user, pk):
    _require_manager(user)
    try:
        return users_managed_by(user).get(pk=int(pk))
    except (User.DoesNotExist, TypeError, ValueError) as exc:
        raise Http404 from exc
