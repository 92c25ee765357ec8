"""The `in_ids` lookup (core/db.py): the same rows as Django's `__in`, on plain and related fields."""

import pytest

from sewaka.organisations.models import Service, Unit, UnitKind
from sewaka.organisations.tests.factories import make_unit


@pytest.fixture
def units(db):
    root = make_unit(code="kota-uji", name="Kota Uji")
    return [root] + [make_unit(root, UnitKind.PUSKESMAS, code=f"u{i}", name=f"Unit {i}") for i in range(4)]


def test_in_ids_selects_what_in_selects(units):
    ids = [units[1].pk, units[3].pk, units[3].pk]
    assert (
        set(Unit.objects.filter(pk__in_ids=ids))
        == set(Unit.objects.filter(pk__in=ids))
        == {
            units[1],
            units[3],
        }
    )


def test_in_ids_on_a_foreign_key(units):
    s1 = Service.objects.create(unit=units[1], name="KTP-el")
    Service.objects.create(unit=units[2], name="KIA")
    assert list(Service.objects.filter(unit_id__in_ids=[units[1].pk])) == [s1]
    assert list(Service.objects.filter(unit__in_ids=[units[1].pk])) == [s1]


def test_an_empty_list_matches_nothing(units):
    assert not Unit.objects.filter(pk__in_ids=[]).exists()
    assert Unit.objects.exclude(pk__in_ids=[]).count() == len(units)


def test_only_integers_are_accepted(units):
    assert list(Unit.objects.filter(pk__in_ids=[str(units[2].pk)])) == [units[2]]
    with pytest.raises(ValueError):
        Unit.objects.filter(pk__in_ids=["1 OR 1=1"])
