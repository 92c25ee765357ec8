"""Who may open each complaints page: every view × every role (issue 15 item 7).

The expected answers are the access rules written out by hand (organisations/access.py, ROLE_ACTIONS and
`may_handle`), not read from the code: the complaint pages are for complaint handlers (pengelola pengaduan
and admin pemda, whose role includes COMPLAINTS); the limits screen is for an admin pemda; a case is opened
only by a handler of its handling or receiving unit (others get 404, so its existence does not leak).

The case below is handled by Puskesmas A. Personas (core/tests/personas.py): admin_pemda on the pemda,
operator_unit_a on Puskesmas A, pimpinan and tim_monev on the pemda, pengelola_pengaduan on Disdukcapil
(a handler, but not of Puskesmas A), handler_a (pengelola pengaduan on Puskesmas A).
"""

import uuid

import pytest
from django.urls import reverse

from sewaka.complaints.services import complaint_submit
from sewaka.organisations.models import Role
from sewaka.organisations.tests.factories import make_member

ROLES = [
    "anonymous",
    "admin_pemda",
    "operator_unit_a",
    "pimpinan",
    "tim_monev",
    "pengelola_pengaduan",
    "handler_a",
]
LOGIN = "login"  # anonymous: sent to the login page

# view → {role: expected status}
EVERY_HANDLER = {
    "anonymous": LOGIN,
    "admin_pemda": 200,
    "operator_unit_a": 403,
    "pimpinan": 403,
    "tim_monev": 403,
    "pengelola_pengaduan": 200,
    "handler_a": 200,
}
THIS_CASE = {
    "anonymous": LOGIN,
    "admin_pemda": 200,
    "operator_unit_a": 404,
    "pimpinan": 404,
    "tim_monev": 404,
    "pengelola_pengaduan": 404,
    "handler_a": 200,
}
ADMIN_ONLY = dict.fromkeys(ROLES, 403) | {"anonymous": LOGIN, "admin_pemda": 200}

GET_VIEWS = {
    "list": ("complaints:list", False, EVERY_HANDLER),
    "staff_entry": ("complaints:staff_entry", False, EVERY_HANDLER),
    "report": ("complaints:report", False, EVERY_HANDLER),
    "export_xlsx": ("complaints:export_xlsx", False, EVERY_HANDLER),
    "monthly_pdf": ("complaints:monthly_pdf", False, EVERY_HANDLER),
    "sla": ("complaints:sla", False, ADMIN_ONLY),
    "detail": ("complaints:detail", True, THIS_CASE),
}
MATRIX = [(view, role) for view in GET_VIEWS for role in ROLES]


@pytest.fixture
def case(tree):
    complaint, _new = complaint_submit(
        what_happened="Antrean tiga jam tanpa kepastian.",
        idempotency_key=str(uuid.uuid4()),
        privacy="anonim",
        reported_unit=tree.pkm_a,
    )
    return complaint


@pytest.fixture
def handled_case(case, tree):
    case.handling_unit = tree.pkm_a
    case.save(update_fields=["handling_unit"])
    return case


def _login(client, request, role, tree):
    if role == "anonymous":
        return
    user = (
        make_member(tree.pkm_a, Role.PENGELOLA_PENGADUAN, "handler_a")
        if role == "handler_a"
        else request.getfixturevalue(role)
    )
    client.force_login(user)


def _check(response, expected):
    if expected == LOGIN:
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    else:
        assert response.status_code == expected


@pytest.mark.parametrize(("view", "role"), MATRIX, ids=[f"{v}-{r}" for v, r in MATRIX])
def test_who_may_open_each_page(client, request, tree, handled_case, view, role):
    name, takes_case, expected = GET_VIEWS[view]
    _login(client, request, role, tree)
    url = reverse(name, args=[handled_case.pk]) if takes_case else reverse(name)
    _check(client.get(url), expected[role])


TRANSITION = {  # POST: move the case to "diverifikasi"
    "anonymous": LOGIN,
    "admin_pemda": 302,  # back to the case page
    "operator_unit_a": 404,
    "pimpinan": 404,
    "tim_monev": 404,
    "pengelola_pengaduan": 404,
    "handler_a": 302,
}


@pytest.mark.parametrize("role", ROLES)
def test_who_may_move_a_case(client, request, tree, handled_case, role):
    _login(client, request, role, tree)
    response = client.post(reverse("complaints:transition", args=[handled_case.pk, "diverifikasi"]))
    _check(response, TRANSITION[role])
    handled_case.refresh_from_db()
    assert (handled_case.status == "diverifikasi") == (TRANSITION[role] == 302)


@pytest.mark.parametrize("role", ROLES)
def test_who_may_write_an_internal_note(client, request, tree, handled_case, role):
    _login(client, request, role, tree)
    response = client.post(
        reverse("complaints:action", args=[handled_case.pk, "pesan"]), {"text": "Cek CCTV.", "public": "0"}
    )
    _check(response, TRANSITION[role])
    assert handled_case.events.filter(text__contains="Cek CCTV.").exists() == (TRANSITION[role] == 302)
