"""Who may open each service-standards page: every view × every role (issue 15 item 7).

Expected answers written by hand from the access rules (organisations/access.py ROLE_ACTIONS, get_unit_for,
standards.selectors.standard_get): reading a unit's standards needs VIEW on the unit (admin pemda,
pimpinan and Tim Monev on the pemda, the operator of the unit); a unit the user cannot see answers 404
(no existence leak); writing (edit, new version, status, review) needs ACT (admin pemda, the unit's
operator): a user who can see but not act gets 403.

The standard is a draft of a service of Puskesmas A. operator_unit_b (Puskesmas B) and
pengelola_pengaduan (Disdukcapil) cannot see Puskesmas A.
"""

import pytest
from django.urls import reverse

from sewaka.organisations.services import service_create
from sewaka.standards.services import standard_new_version

ROLES = [
    "anonymous",
    "admin_pemda",
    "operator_unit_a",
    "operator_unit_b",
    "pimpinan",
    "tim_monev",
    "pengelola_pengaduan",
]
LOGIN = "login"

READ = {
    "anonymous": LOGIN,
    "admin_pemda": 200,
    "operator_unit_a": 200,
    "operator_unit_b": 404,
    "pimpinan": 200,
    "tim_monev": 200,
    "pengelola_pengaduan": 404,
}
WRITE_PAGE = READ | {"pimpinan": 403, "tim_monev": 403}
WRITE_POST = WRITE_PAGE | {"admin_pemda": 302, "operator_unit_a": 302}
ANY_STAFF = dict.fromkeys(ROLES, 200) | {"anonymous": LOGIN}

# view → (URL name, what its argument is, method, expected per role)
VIEWS = {
    "overdue": ("standards:overdue", None, "get", ANY_STAFF),
    "unit": ("standards:unit", "unit", "get", READ),
    "maklumat": ("standards:maklumat", "unit", "get", READ),
    "detail": ("standards:detail", "standard", "get", READ),
    "edit": ("standards:edit", "standard", "get", WRITE_PAGE),
    "new_version": ("standards:new_version", "service", "post", WRITE_POST),
    "review": ("standards:review", "standard", "post", WRITE_POST),
}
MATRIX = [(view, role) for view in VIEWS for role in ROLES]


@pytest.fixture
def draft(tree, operator_unit_a):
    service = service_create(actor=None, unit=tree.pkm_a, name="Pemeriksaan Umum")
    return standard_new_version(actor=operator_unit_a, service=service)


def _check(response, expected):
    if expected == LOGIN:
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    else:
        assert response.status_code == expected


@pytest.mark.parametrize(("view", "role"), MATRIX, ids=[f"{v}-{r}" for v, r in MATRIX])
def test_who_may_open_each_page(client, request, tree, draft, view, role):
    name, arg, method, expected = VIEWS[view]
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    args = {None: [], "unit": [tree.pkm_a.pk], "standard": [draft.pk], "service": [draft.service_id]}[arg]
    response = getattr(client, method)(reverse(name, args=args))
    _check(response, expected[role])


@pytest.mark.parametrize("role", ROLES)
def test_who_may_move_a_standard(client, request, tree, draft, role):
    """POST to ditetapkan: refused by the rules for who may act; for those who may, the incomplete draft
    is refused by its checks (a message) and the page comes back — the status stays draft either way."""
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    response = client.post(reverse("standards:transition", args=[draft.pk, "ditetapkan"]))
    _check(response, WRITE_POST[role])
    draft.refresh_from_db()
    assert draft.status == "draft"
