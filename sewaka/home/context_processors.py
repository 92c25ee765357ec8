from django.conf import settings

from sewaka.organisations.access import Action, can, is_city_wide, roles_of


def shell(request):
    """Navigation and identity for the base layout."""
    user = getattr(request, "user", None)
    ctx = {"SITE_NAME": settings.SITE_NAME, "PEMDA_NAME": settings.PEMDA_NAME}
    if user is None or not user.is_authenticated:
        return ctx
    unit = getattr(request, "current_unit", None)
    roles = roles_of(user)
    ctx.update(
        {
            "current_unit": unit,
            "switchable_units": getattr(request, "switchable_units", []),
            "user_roles": roles,
            "nav": {
                "manage": is_city_wide(user, Action.MANAGE),
                "audit": is_city_wide(user, Action.MONEV),
                "act": unit is not None and can(user, Action.ACT, unit),
                "units": bool(roles) or user.is_superuser,
                "complaints": user.is_superuser
                or any(r in roles for r in ("admin_pemda", "pengelola_pengaduan")),
            },
        }
    )
    return ctx
