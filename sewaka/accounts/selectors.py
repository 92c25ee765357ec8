from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet

from sewaka.core.access import Action, is_city_wide
from sewaka.organisations.models import Membership

User = get_user_model()


def _require_manager(user) -> None:
    if not is_city_wide(user, Action.MANAGE):
        raise PermissionDenied


def user_list(*, user, q: str = "", include_inactive: bool = False) -> QuerySet:
    _require_manager(user)
    qs = User.objects.all().prefetch_related(
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
    from django.http import Http404

    _require_manager(user)
    try:
        return User.objects.get(pk=int(pk))
    except (User.DoesNotExist, TypeError, ValueError) as exc:
        raise Http404 from exc
