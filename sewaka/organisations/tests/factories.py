import factory
from django.contrib.auth import get_user_model

from sewaka.organisations import services
from sewaka.organisations.models import Role, UnitKind


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.test")
    first_name = "Test"
    password = factory.django.Password("rahasia-uji-123")


_counter = iter(range(1, 10**9))


def make_unit(parent=None, kind=None, name=None, code=None, **extra):
    """Create a unit through the service (paths are computed there)."""
    n = next(_counter)
    kind = kind or (UnitKind.PEMDA if parent is None else UnitKind.PERANGKAT_DAERAH)
    return services.unit_create(
        actor=None,
        parent=parent,
        kind=kind,
        code=code or f"unit-{n}",
        name=name or f"Unit {n}",
        **extra,
    )


def make_member(unit, role=Role.OPERATOR, username=None):
    user = UserFactory(username=username) if username else UserFactory()
    services.membership_grant(actor=None, user=user, unit=unit, role=role)
    return user
