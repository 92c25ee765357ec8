"""The role home pages (issue 17 item 8): every count on the Beranda equals the rows of the list it links to,
for every demo persona on the seeded Denpasar demo; each role sees its blocks; a user with several roles
sees each of them."""

import re
from datetime import datetime

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from sewaka.core.workdays import WITA
from sewaka.obligations import evaluation as ev
from sewaka.obligations import selectors as obligations
from sewaka.organisations.models import Role, Unit
from sewaka.organisations.services import membership_grant
from sewaka.organisations.tests.factories import make_member
from tests.urlconf_kit import DEMO_ROLES

NOW = datetime(2026, 11, 18, 10, 0, tzinfo=WITA)  # a Wednesday
# A count: `<a href=… data-count=kind>12</a>` or a chip `<a href=… data-count=kind>Label: 12</a>`.
COUNT_LINK = re.compile(r'<a [^>]*href="([^"]+)"[^>]*data-count="([a-z-]+)"[^>]*>(?:[^<>]*: )?(\d+)</a>')


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The Denpasar demo seeded once at NOW, rolled back at the end of the module."""
    with time_machine.travel(NOW, tick=False), django_db_blocker.unblock(), transaction.atomic():
        with override_settings(SEWAKA_DEMO_USERS=True):
            call_command("seeddemo", verbosity=0)
        yield {u.username: u for u in get_user_model().objects.filter(username__in=DEMO_ROLES)}
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def rows_behind(client, url: str) -> int:
    """The rows of the list a count links to, every page of it."""
    path = url.split("?")[0].replace("&amp;", "&")
    url = url.replace("&amp;", "&")
    html = client.get(url).content.decode()
    if path == reverse("home:worklist"):
        total, page = 0, 1
        while True:
            total += html.count("<tr data-row>")
            if "page=" not in html or f"page={page + 1}" not in html:
                return total
            page += 1
            html = client.get(url + ("&" if "?" in url else "?") + f"page={page}").content.decode()
    if path == reverse("obligations:tracker"):
        return html.count('<th scope="row"><a href="/kewajiban/unit/')
    if path.startswith("/kewajiban/unit/"):
        return html.count('class="obl obl-missing"')
    if path == reverse("assessments:readiness"):
        table = html.split('<table class="forecast">', 1)[1].split("</table>", 1)[0]
        return table.split("<tbody>", 1)[1].count("<tr>")
    raise AssertionError(f"no row rule for {url}")


@pytest.mark.parametrize("who", DEMO_ROLES)
def test_every_count_equals_the_rows_of_its_list(db, client, demo, who):
    client.force_login(demo[who])
    html = client.get(reverse("home:home")).content.decode()
    counts = COUNT_LINK.findall(html)
    assert counts, "the Beranda shows no count"
    kinds = {kind for _url, kind, _n in counts}
    assert "late" in kinds  # everyone sees what is late in their scope
    if who == "admin.pemda":  # the chips per source and per obligation are counts too
        assert {"late-source", "rule-missing", "units-missing"} <= kinds
    for url, kind, shown in counts:
        assert rows_behind(client, url) == int(shown), f"{who}: {kind} shows {shown}, {url} lists otherwise"


def test_admin_sees_the_complaints_past_their_deadline(db, client, demo):
    """The old Beranda said '0 lewat tenggat' while complaints were past their deadline."""
    client.force_login(demo["admin.pemda"])
    html = client.get(reverse("home:home")).content.decode()
    late = {kind: int(n) for _u, kind, n in COUNT_LINK.findall(html) if kind == "late"}["late"]
    assert late > 0 and "Batas waktu pengaduan" in html


def test_the_letters_to_send_are_the_letters_recipients(db, client, demo):
    """Admin pemda: the perangkat daerah listed are exactly those the Sekda's letter would go to (none was
    sent this month in the demo)."""
    admin = demo["admin.pemda"]
    client.force_login(admin)
    html = client.get(reverse("home:home")).content.decode()
    listed = re.findall(r"<li data-letter-unit>([^<]+)</li>", html)
    shown = int(re.search(r'<strong data-count="letters">(\d+)</strong>', html).group(1))
    pemda = Unit.objects.get(parent__isnull=True, code="kota-denpasar")
    draft = obligations.letter_draft(user=admin, pemda=pemda, view=ev.year_period(2026))
    assert listed == [u.name for u in draft.recipients] and shown == len(listed) > 0


@pytest.mark.parametrize(
    ("who", "present", "absent"),
    [
        ("admin.pemda", ["h-city", "h-late"], ["h-duties", "h-visits", "h-cases", "h-dash"]),
        ("operator.pkm1", ["h-duties", "h-late"], ["h-city", "h-visits", "h-cases", "h-dash"]),
        ("pimpinan", ["h-dash", "h-late"], ["h-city", "h-duties", "h-visits", "h-cases"]),
        ("monev", ["h-visits", "h-late"], ["h-city", "h-duties", "h-cases", "h-dash"]),
        ("pengaduan", ["h-cases", "h-late"], ["h-city", "h-duties", "h-visits", "h-dash"]),
    ],
)
def test_each_role_sees_its_blocks(db, client, demo, who, present, absent):
    client.force_login(demo[who])
    html = client.get(reverse("home:home")).content.decode()
    for block in present:
        assert f'id="{block}"' in html, block
    for block in absent:
        assert f'id="{block}"' not in html, block


def test_the_monev_block_records_a_visit(db, client, demo):
    client.force_login(demo["monev"])
    html = client.get(reverse("home:home")).content.decode()
    assert f'href="{reverse("assessments:visit_start")}"' in html and "Catat kunjungan" in html


def test_several_roles_see_each_block(db, client, demo):
    pemda = Unit.objects.get(code="kota-denpasar")
    user = make_member(pemda, Role.ADMIN_PEMDA, "kabag")
    membership_grant(
        actor=None, user=user, unit=Unit.objects.get(code="disdukcapil"), role=Role.PENGELOLA_PENGADUAN
    )
    membership_grant(actor=None, user=user, unit=pemda, role=Role.TIM_MONEV)
    client.force_login(user)
    html = client.get(reverse("home:home")).content.decode()
    for block in ("h-late", "h-city", "h-cases", "h-visits"):
        assert f'id="{block}"' in html, block
