"""The permission matrix: every role × (own unit, child, sibling, parent) × action."""

import pytest

from sewaka.organisations import services
from sewaka.organisations.access import Action, can, units_visible_to
from sewaka.organisations.models import Role, Unit, UnitKind
from sewaka.organisations.tests.factories import UserFactory, make_member, make_unit

T, F = True, False
# role: {action: (own, child, sibling, parent)} for a membership on the middle unit "dinkes".
MATRIX = {
    Role.OPERATOR: {
        "view": (T, T, F, F),
        "act": (T, T, F, F),
        "manage": (F, F, F, F),
        "monev": (F, F, F, F),
        "complaints": (F, F, F, F),
    },
    Role.PIMPINAN: {
        "view": (T, T, F, F),
        "act": (F, F, F, F),
        "manage": (F, F, F, F),
        "monev": (F, F, F, F),
        "complaints": (F, F, F, F),
    },
    Role.TIM_MONEV: {
        "view": (T, T, F, F),
        "act": (F, F, F, F),
        "manage": (F, F, F, F),
        "monev": (T, T, F, F),
        "complaints": (F, F, F, F),
    },
    Role.PENGELOLA_PENGADUAN: {
        "view": (T, T, F, F),
        "act": (F, F, F, F),
        "manage": (F, F, F, F),
        "monev": (F, F, F, F),
        "complaints": (T, T, F, F),
    },
}
# Admin pemda sits on the root: (own = root, child, grandchild, another pemda's root).
ADMIN_MATRIX = dict.fromkeys(("view", "act", "manage", "monev", "complaints"), (T, T, T, F))


def _cases():
    for role, actions in MATRIX.items():
        for action, expected in actions.items():
            for relation, answer in zip(("own", "child", "sibling", "parent"), expected, strict=True):
                yield role, action, relation, answer


@pytest.mark.parametrize(("role", "action", "relation", "expected"), list(_cases()))
def test_it_answers_the_permission_matrix(tree, role, action, relation, expected):
    user = make_member(tree.dinkes, role)
    target = {"own": tree.dinkes, "child": tree.pkm_a, "sibling": tree.capil, "parent": tree.pemda}[relation]
    assert can(user, action, target) is expected
    assert units_visible_to(user, action).filter(pk=target.pk).exists() is expected


@pytest.mark.parametrize("action", list(ADMIN_MATRIX))
def test_it_gives_admin_pemda_the_whole_pemda_and_nothing_else(tree, admin_pemda, action):
    other = make_unit(code="kab-lain", name="Kabupaten Lain")
    expected = ADMIN_MATRIX[action]
    for target, answer in zip((tree.pemda, tree.dinkes, tree.pkm_a, other), expected, strict=True):
        assert can(admin_pemda, action, target) is answer, (action, target)


def test_it_agrees_between_can_and_units_visible_to_for_every_unit(
    tree, operator_unit_a, pimpinan, tim_monev, pengelola_pengaduan
):
    for user in (operator_unit_a, pimpinan, tim_monev, pengelola_pengaduan):
        for action in Action:
            visible = set(units_visible_to(user, action).values_list("pk", flat=True))
            for unit in Unit.objects.all():
                assert (unit.pk in visible) == can(user, action, unit), (user, action, unit)


def test_it_keeps_a_sibling_puskesmas_out(tree, operator_unit_a, operator_unit_b):
    assert not can(operator_unit_b, Action.VIEW, tree.pkm_a)
    assert not can(operator_unit_b, Action.ACT, tree.pkm_a)
    assert list(units_visible_to(operator_unit_b)) == [tree.pkm_b]


def test_it_lets_the_home_agency_see_and_run_its_gerai_but_not_the_mpp(tree):
    capil_operator = make_member(tree.capil, Role.OPERATOR)
    assert can(capil_operator, Action.VIEW, tree.gerai)
    assert can(capil_operator, Action.ACT, tree.gerai)
    assert not can(capil_operator, Action.VIEW, tree.mpp)
    # The MPP's manager (through the tree) sees the gerai too; an unrelated agency does not.
    assert can(make_member(tree.dpmptsp, Role.OPERATOR), Action.VIEW, tree.gerai)
    assert not can(make_member(tree.dinkes, Role.OPERATOR), Action.VIEW, tree.gerai)


def test_it_grants_nothing_to_revoked_memberships_inactive_users_or_inactive_units(tree):
    user = make_member(tree.pkm_a, Role.OPERATOR)
    membership = user.memberships.get()
    services.membership_revoke(actor=None, membership=membership)
    assert not can(user, Action.VIEW, tree.pkm_a)

    user2 = make_member(tree.pkm_b, Role.OPERATOR)
    user2.is_active = False
    assert not can(user2, Action.VIEW, tree.pkm_b)

    user3 = make_member(tree.dinkes, Role.OPERATOR)
    services.unit_set_active(actor=None, unit=tree.pkm_a, active=False)
    services.unit_set_active(actor=None, unit=tree.pkm_b, active=False)
    services.unit_set_active(actor=None, unit=tree.dinkes, active=False)
    user3 = type(user3).objects.get(pk=user3.pk)
    assert not can(user3, Action.VIEW, tree.dinkes)


def test_it_gives_a_user_without_memberships_nothing(tree):
    user = UserFactory()
    assert not units_visible_to(user).exists()
    assert not can(user, Action.VIEW, tree.pemda)


def test_it_refuses_admin_pemda_below_the_root(tree):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.membership_grant(actor=None, user=UserFactory(), unit=tree.dinkes, role=Role.ADMIN_PEMDA)


def test_it_moves_a_subtree_and_access_follows(tree):
    op = make_member(tree.capil, Role.OPERATOR)
    assert not can(op, Action.VIEW, tree.pkm_a)
    services.unit_update(actor=None, unit=tree.dinkes, parent=tree.capil)
    pkm_a = Unit.objects.get(pk=tree.pkm_a.pk)
    assert pkm_a.path.startswith(Unit.objects.get(pk=tree.capil.pk).path)
    assert pkm_a.depth == 3
    op = type(op).objects.get(pk=op.pk)
    assert can(op, Action.VIEW, pkm_a)


def test_it_refuses_to_move_a_unit_below_itself(tree):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.unit_update(actor=None, unit=tree.dinkes, parent=tree.pkm_a)


def test_it_refuses_a_home_agency_on_a_unit_that_is_not_a_gerai(tree):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        make_unit(tree.dinkes, UnitKind.PUSKESMAS, home_agency=tree.capil)
