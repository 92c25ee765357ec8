"""A unit list POSTed with a key no database integer can hold is a form error, not a 500 (found by the fuzz
test on the coordination event's invitation form, SQLite OverflowError)."""

import pytest

from sewaka.core.forms import UnitChoicesField
from sewaka.organisations.models import Unit


@pytest.mark.parametrize("value", ["99999999999999999999999", "-99999999999999999999999"])
def test_an_oversized_key_is_an_invalid_choice(tree, value):
    field = UnitChoicesField(queryset=Unit.objects.all())
    with pytest.raises(Exception) as caught:
        field.clean([str(tree.pkm_a.pk), value])
    assert caught.type.__name__ == "ValidationError"
    assert "invalid_pk_value" in str(caught.value.code)


def test_valid_keys_still_choose_their_units(tree):
    field = UnitChoicesField(queryset=Unit.objects.all())
    assert list(field.clean([str(tree.pkm_a.pk)])) == [tree.pkm_a]
